using Microsoft.Extensions.Options;

namespace AgentConsole.Features.BreakGlass;

/// <summary>
/// Ends grants whose time is up (and lapses requests nobody approved in time), revokes the tasks that relied on them,
/// audits and signals. Expiry is already enforced on every decision; this catches the stored state up with it. It
/// runs once at start-up, so a console that was down when a grant expired catches up at once.
/// </summary>
public sealed class BreakGlassSweeper(BreakGlassService grants, IOptions<BreakGlassOptions> options, TimeProvider time,
    ILogger<BreakGlassSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                var ended = await grants.ExpireDueAsync(stoppingToken);
                if (ended > 0)
                {
                    logger.LogInformation("Ended {Count} break-glass grants whose time was up", ended);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Break-glass expiry sweep failed; it runs again in {Interval}", options.Value.SweepInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

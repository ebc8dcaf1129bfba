using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// Marks tasks and decisions whose time has passed as expired, with their audit records, and wakes waiting agents.
/// Expiry is already enforced at request time; this keeps the stored state and the audit trail in step with it.
/// </summary>
public sealed class DecisionSweeper(TaskService tasks, DecisionLifecycle decisions, IOptions<DecisionOptions> options,
    TimeProvider time, ILogger<DecisionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expiry sweep failed; it runs again in {Interval}", options.Value.SweepInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var expiredTasks = await tasks.ExpireDueAsync(cancellationToken);
        var expiredDecisions = await decisions.ExpireDueAsync(cancellationToken);
        if (expiredTasks + expiredDecisions > 0)
        {
            logger.LogInformation("Expired {Tasks} tasks and {Decisions} decisions", expiredTasks, expiredDecisions);
        }
    }
}

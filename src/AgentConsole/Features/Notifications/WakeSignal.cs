using System.Threading.Channels;

namespace AgentConsole.Features.Notifications;

/// <summary>Wakes a background loop early; any number of wake-ups while it works collapse into one.</summary>
public sealed class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="timeout"/>; throws only when <paramref name="stoppingToken"/> fires.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken stoppingToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
        try
        {
            await _channel.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The timeout: time for a periodic look.
        }
    }
}

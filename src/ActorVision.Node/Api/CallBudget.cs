using Grpc.Core;

namespace ActorVision.Node.Api;

/// <summary>How long the node may work on a call: the client's deadline, less a margin to send the answer back.</summary>
public static class CallBudget
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(300);

    /// <returns>null when the client set no deadline (the configured camera-client deadline applies).</returns>
    public static TimeSpan? Of(ServerCallContext context)
    {
        if (context.Deadline == DateTime.MaxValue) return null;
        var remaining = context.Deadline.ToUniversalTime() - DateTime.UtcNow - Margin;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1);
    }
}

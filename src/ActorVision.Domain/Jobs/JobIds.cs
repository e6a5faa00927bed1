using System.Text;
using ActorVision.Core.Events;

namespace ActorVision.Domain.Jobs;

/// <summary>
/// Job ids. A submit's request id (the client's idempotency key) determines the job id, so every retry of the
/// same submit reaches the same entity, wherever it lives, and finds the job the first attempt created.
/// </summary>
public static class JobIds
{
    private static readonly Guid Namespace = new("0b8f6d2e-4c1a-5e7b-9a3d-6f2c8e1b4a70");

    /// <summary><c>j-</c> and 16 hex digits (64 bits of a name-based UUID of the request id).</summary>
    public static string FromRequestId(string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var uuid = AnalyticsEventId.NameBased(Namespace, Encoding.UTF8.GetBytes(requestId));
        return "j-" + uuid.ToString("N")[..16];
    }

    public static bool IsValid(string jobId) =>
        jobId.Length is > 2 and <= 64 && jobId.StartsWith("j-", StringComparison.Ordinal)
        && jobId.Skip(2).All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}

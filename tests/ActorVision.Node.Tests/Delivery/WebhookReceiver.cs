using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>One request as the receiver saw it: the event it carried, whether its signature verified, what was answered.</summary>
public sealed record ReceivedWebhook(string EventId, string CameraId, string RuleId, string Type, long Offset, DateTime WallTime, bool SignatureValid, int Status, DateTime ReceivedAt, string Body);

/// <summary>
/// A real webhook receiver (Kestrel on loopback) as an operator would write one: verifies the HMAC signature the way
/// docs/delivery.md shows, answers each request with the status <see cref="Answer"/> picks for its number.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status for the n-th request (1-based).</summary>
    public Func<int, int> Answer { get; init; } = _ => 200;

    public IReadOnlyList<ReceivedWebhook> Requests => _requests.ToArray();

    /// <summary>Requests answered with 2xx: what the receiver accepted.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => _requests.Where(r => r.Status is >= 200 and < 300).ToArray();

    /// <param name="answer">The status for the n-th request (1-based); 200 when null.</param>
    /// <param name="retryAfter">The Retry-After header sent with the n-th answer; none when null or when it returns null.</param>
    public static async Task<WebhookReceiver> StartAsync(int port, string secret, Func<int, int>? answer = null, Func<int, string?>? retryAfter = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { Answer = answer ?? (_ => 200) };
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var valid = Verify(secret, http.Request.Headers["X-ActorVision-Timestamp"], http.Request.Headers["X-ActorVision-Signature"], body);
            var number = Interlocked.Increment(ref receiver._count);
            var status = receiver.Answer(number);
            if (retryAfter?.Invoke(number) is { } advice) http.Response.Headers.RetryAfter = advice;
            using var json = JsonDocument.Parse(body);
            var e = json.RootElement;
            receiver._requests.Enqueue(new ReceivedWebhook(
                e.GetProperty("id").GetString()!, e.GetProperty("cameraId").GetString()!, e.GetProperty("ruleId").GetString()!,
                e.GetProperty("type").GetString()!, long.Parse(e.GetProperty("offset").GetString()!), e.GetProperty("wallTime").GetDateTime().ToUniversalTime(),
                valid, status, DateTime.UtcNow, System.Text.Encoding.UTF8.GetString(body)));
            return status is >= 200 and < 300 ? Results.Ok() : Results.Text("receiver says no", statusCode: status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The verification of docs/delivery.md: HMAC-SHA256 of "timestamp.body", constant-time compare, 5 minutes' tolerance.</summary>
    public static bool Verify(string secret, string? timestamp, string? signature, byte[] body)
    {
        if (timestamp is null || signature is null || !long.TryParse(timestamp, out var seconds)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300) return false;
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>Waits until the accepted requests satisfy <paramref name="condition"/>; fails with what arrived.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Accepted))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} not seen within {timeout.TotalSeconds:0} s; {Requests.Count} requests, {Accepted.Count} accepted");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

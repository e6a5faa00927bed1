using System.Globalization;
using ActorVision.Delivery.Sinks;
using ActorVision.Tests;
using static ActorVision.Delivery.Tests.DeliveryTestEvents;

namespace ActorVision.Delivery.Tests;

/// <summary>How a webhook sink reads a real HTTP receiver's answers (an HttpListener on loopback).</summary>
public sealed class WebhookSinkTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly LoopbackWebServer _receiver = new();

    public void Dispose() => _receiver.Dispose();

    [Theory]
    [InlineData(503, "Service Unavailable")]
    [InlineData(502, "Bad Gateway")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(429, "Too Many Requests")]
    [InlineData(408, "Request Timeout")]
    public async Task Statuses_that_say_not_now_make_the_receiver_unavailable_not_a_rejection(int status, string phrase)
    {
        var outcome = await SendAsync(status, "busy, come back later");

        var unavailable = Assert.IsType<UnavailableOutcome>(outcome);
        Assert.Equal($"HTTP {status} {phrase}: busy, come back later", unavailable.Reason);
        Assert.Null(unavailable.RetryAfter);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(501)]
    public async Task Other_error_statuses_reject_the_event_with_the_reason(int status)
    {
        var outcome = await SendAsync(status, "no such hook");

        var rejected = Assert.IsType<RejectedOutcome>(outcome);
        Assert.StartsWith($"HTTP {status} ", rejected.Reason);
        Assert.EndsWith(": no such hook", rejected.Reason);
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_read_as_the_receivers_advice()
    {
        var outcome = await SendAsync(429, "slow down", ("Retry-After", "17"));

        Assert.Equal(TimeSpan.FromSeconds(17), Assert.IsType<UnavailableOutcome>(outcome).RetryAfter);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_read_against_the_sinks_clock()
    {
        var outcome = await SendAsync(503, "maintenance", ("Retry-After", Now.AddMinutes(2).ToString("r", CultureInfo.InvariantCulture)));

        Assert.Equal(TimeSpan.FromMinutes(2), Assert.IsType<UnavailableOutcome>(outcome).RetryAfter);
    }

    [Fact]
    public async Task A_Retry_After_date_in_the_past_means_now()
    {
        var outcome = await SendAsync(503, "back", ("Retry-After", Now.AddMinutes(-5).ToString("r", CultureInfo.InvariantCulture)));

        Assert.Equal(TimeSpan.Zero, Assert.IsType<UnavailableOutcome>(outcome).RetryAfter);
    }

    [Fact]
    public async Task A_2xx_answer_delivers_the_event()
    {
        Assert.IsType<DeliveredOutcome>(await SendAsync(204, ""));
    }

    private async Task<DeliveryOutcome> SendAsync(int status, string body, params (string, string)[] headers)
    {
        _receiver.Answer("hook", status, body, headers);
        var settings = new WebhookSinkSettings(
            new SinkSettings("hook", SinkKind.Webhook, true, SinkFilter.All, RetryPolicy.Default, StartPosition.Latest, 1, 10,
                TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)),
            new Uri(_receiver.Url("hook")), "secret", new Dictionary<string, string>());
        await using var sink = new WebhookSink(settings, new FixedClock(Now));
        return await sink.SendAsync(Item(1), CancellationToken.None);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

using ActorVision.Cli.Connection;

namespace ActorVision.Cli.Tests;

public class CallOptionsTests
{
    [Fact]
    public void The_api_key_travels_as_the_x_api_key_header_with_the_shared_deadline()
    {
        var deadline = new DateTime(2026, 11, 26, 14, 0, 30, DateTimeKind.Utc);
        var settings = new ConnectionSettings(new Uri("http://node:7070"), "k-123", TimeSpan.FromSeconds(30));

        var options = GrpcControlClient.CallOptionsFor(settings, deadline, CancellationToken.None);

        Assert.Equal("k-123", options.Headers!.GetValue("x-api-key"));
        Assert.Equal(deadline, options.Deadline);
    }

    [Fact]
    public void Without_a_key_no_header_is_sent()
    {
        var settings = new ConnectionSettings(new Uri("http://node:7070"), null, TimeSpan.FromSeconds(30));

        var options = GrpcControlClient.CallOptionsFor(settings, null, CancellationToken.None);

        Assert.Empty(options.Headers!);
        Assert.Null(options.Deadline);
    }
}

using ActorVision.Cli.Connection;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Output;
using ActorVision.Tests;

namespace ActorVision.Cli.Tests;

/// <summary>The real gRPC client against a loopback port nobody listens on: the Unavailable path end to end.</summary>
public class UnreachableNodeTests
{
    /// <summary>Released, and handed to nothing else in this process.</summary>
    private static int ClosedPort() => TestPorts.Next();

    [Fact]
    public async Task A_node_that_cannot_be_reached_exits_7_naming_the_address_and_never_prints_the_key()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var address = $"http://127.0.0.1:{ClosedPort()}";
        var avctl = new Avctl(Terminal.ForWriters(output, error), _ => null, GrpcControlClientFactory.Default);

        var code = await avctl.RunAsync(["cluster", "show", "--address", address, "--api-key", "top-secret-key", "--timeout", "3s"]);

        Assert.Equal(ExitCodes.Unavailable, code);
        // "cannot be reached" normally; "no answer ... within" when a slow machine spends the deadline connecting.
        Assert.StartsWith("avctl: ", error.ToString());
        Assert.Contains($"the node at {address}", error.ToString());
        Assert.Single(error.ToString().TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("top-secret-key", error.ToString() + output.ToString());
        Assert.Equal("", output.ToString());
    }
}

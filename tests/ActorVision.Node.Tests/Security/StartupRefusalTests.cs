using ActorVision.Node.Tests.Support;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Security;

/// <summary>The node process itself: off loopback without keys, or with cleartext remoting, it does not start, and says what to set.</summary>
public sealed class StartupRefusalTests
{
    [Theory]
    [InlineData("actorvision.api.bind-address = \"0.0.0.0\"",
        "actorvision-node: configuration error: actorvision.api.bind-address 0.0.0.0 is reachable from the network and no API key is set")]
    [InlineData("actorvision.api.api-key = \"admin-key-0123456789abcdef\"\nactorvision.node.hostname = \"0.0.0.0\"",
        "actorvision-node: configuration error: actorvision.node.hostname 0.0.0.0 accepts cluster connections from the network without TLS")]
    public async Task A_node_reachable_from_the_network_without_keys_or_remoting_TLS_refuses_to_start(string hocon, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("av-exposed-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeProcess.StartAsync("exposed", hocon, folder: folder));
            Assert.Contains("exited with 2", error.Message);

            // The last lines of the log may still be on their way from the exited process's pipes.
            var log = await Eventually.GetAsync(() => File.ReadAllTextAsync(Path.Combine(folder, "node.log")), text => text.Contains(expected),
                TimeSpan.FromSeconds(10), "the refusal in the node's log");
            Assert.Contains("insecure = on (AV_INSECURE)", log);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

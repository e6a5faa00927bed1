using ActorVision.Node.Access;
using Akka.Configuration;

namespace ActorVision.Node.Tests.Security;

/// <summary>Whether a node may start as configured: off loopback it needs keys for its API and TLS for its remoting, unless it is a lab.</summary>
public sealed class ExposureTests
{
    private static readonly AccessKeys Keys = new([(new Caller("admin", AccessRole.Admin), "admin-key-0123456789abcdef")]);

    [Fact]
    public void On_loopback_a_node_without_keys_starts_and_says_every_local_caller_is_an_admin()
    {
        var notes = Exposure.Check("127.0.0.1", AccessKeys.None, apiTls: false, "127.0.0.1", remotingTls: false, insecure: false);

        var (level, message) = Assert.Single(notes);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("no API keys", message);
    }

    [Theory]
    [InlineData("0.0.0.0", "127.0.0.1", "actorvision.api.bind-address 0.0.0.0 is reachable from the network and no API key is set")]
    [InlineData("10.1.2.3", "127.0.0.1", "set actorvision.api.api-key (AV_API_KEY)")]
    public void Off_loopback_without_keys_a_node_refuses_to_start(string bind, string remoting, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Exposure.Check(bind, AccessKeys.None, false, remoting, false, insecure: false));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Remoting_off_loopback_without_TLS_refuses_to_start_even_with_keys()
    {
        var error = Assert.Throws<ConfigurationException>(() => Exposure.Check("0.0.0.0", Keys, true, "0.0.0.0", remotingTls: false, insecure: false));

        Assert.Contains("anyone who reaches port 4053 could join the cluster", error.Message);
        Assert.Empty(Exposure.Check("0.0.0.0", Keys, true, "0.0.0.0", remotingTls: true, insecure: false));
    }

    [Fact]
    public void Insecure_mode_lets_a_lab_node_start_and_says_so_loudly()
    {
        var notes = Exposure.Check("0.0.0.0", AccessKeys.None, false, "node1", remotingTls: false, insecure: true);

        Assert.Equal(2, notes.Count);
        Assert.All(notes, n => Assert.Equal(LogLevel.Critical, n.Level));
        Assert.All(notes, n => Assert.StartsWith("INSECURE:", n.Message));
    }

    [Fact]
    public void Keys_without_TLS_off_loopback_start_with_a_warning_that_they_travel_in_cleartext()
    {
        var (level, message) = Assert.Single(Exposure.Check("0.0.0.0", Keys, apiTls: false, "127.0.0.1", false, insecure: false));

        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("cleartext", message);
    }
}

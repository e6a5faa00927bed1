using ActorVision.Node.Access;
using Akka.Configuration;

namespace ActorVision.Node.Tests.Security;

/// <summary>Keys as operators give them: in HOCON, from files (Kubernetes secrets), named, with roles; unfit keys refused at start.</summary>
public sealed class AccessSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("av-access-").FullName;

    [Fact]
    public void The_admin_and_viewer_keys_and_named_keys_from_files_each_find_their_caller()
    {
        var file = Path.Combine(_folder, "grafana.key");
        File.WriteAllText(file, "grafana-key-0123456789abcdef\n");

        var keys = Parse($$"""
            api-key = "admin-key-0123456789abcdef"
            viewer-key = "viewer-key-0123456789abcdef"
            keys {
              grafana { role = viewer, key-file = "{{file}}" }
              ops { role = admin, key = "ops-key-0123456789abcdef" }
            }
            """).Keys;

        Assert.Equal(new Caller("admin", AccessRole.Admin), keys.Find("admin-key-0123456789abcdef"));
        Assert.Equal(new Caller("viewer", AccessRole.Viewer), keys.Find("viewer-key-0123456789abcdef"));
        Assert.Equal(new Caller("grafana", AccessRole.Viewer), keys.Find("grafana-key-0123456789abcdef"));
        Assert.Equal(new Caller("ops", AccessRole.Admin), keys.Find("ops-key-0123456789abcdef"));
        Assert.Null(keys.Find("grafana-key-0123456789abcdef\n"));
        Assert.Null(keys.Find(""));
    }

    [Theory]
    [InlineData("api-key = \"short\"", "actorvision.api.api-key: the key is shorter than 16 characters")]
    [InlineData("api-key = \"has a space in it 0123\"", "holds a space")]
    [InlineData("api-key = \"same-key-0123456789abcdef\", viewer-key = \"same-key-0123456789abcdef\"", "keys 'admin' and 'viewer' are the same key")]
    [InlineData("api-key = \"admin-key-0123456789abcdef\", api-key-file = \"/etc/hostname\"", "api-key and actorvision.api.api-key-file are both set")]
    [InlineData("api-key-file = \"/nonexistent/admin.key\"", "api-key-file: cannot read '/nonexistent/admin.key'")]
    [InlineData("keys { ops { role = root, key = \"ops-key-0123456789abcdef\" } }", "actorvision.api.keys.ops.role: 'root' is not viewer or admin")]
    [InlineData("keys { Ops { role = admin, key = \"ops-key-0123456789abcdef\" } }", "a key's name must be")]
    [InlineData("keys { ops { role = admin } }", "actorvision.api.keys.ops: set key or key-file")]
    [InlineData("session-lifetime = 90d", "session-lifetime must be between 1m and 30d")]
    public void An_unfit_key_stops_the_node_at_start_with_the_setting_named(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse(hocon));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("0123456789abcdef", error.Message);
    }

    [Fact]
    public void Allowed_hosts_default_to_the_nodes_own_names_and_the_list_replaces_them()
    {
        var defaults = Parse("").AllowedHosts;
        var listed = Parse("allowed-hosts = [\"av.example.org\"], allowed-hosts-csv = \"10.0.0.5, api.internal\"").AllowedHosts;

        Assert.Equal(["localhost", "127.0.0.1", "node-7"], defaults);
        Assert.Equal(["av.example.org", "10.0.0.5", "api.internal"], listed);
    }

    private static AccessSettings Parse(string hocon) =>
        AccessSettings.FromConfig(ConfigurationFactory.ParseString(hocon), ["localhost", "127.0.0.1", "node-7"]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

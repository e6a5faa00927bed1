using Akka.Configuration;
using ActorVision.Cluster.Hosting;
using ActorVision.Tests;
using ActorVision.Cluster.Configuration;
using ActorVision.Persistence;

namespace ActorVision.Cluster.Hosting.Tests;

public sealed class ActorVisionSettingsTests
{
    private static Config Shipped() => HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"));

    [Fact]
    public void The_shipped_configuration_is_a_single_node_with_every_role_and_sqlite()
    {
        var settings = ActorVisionSettings.FromConfig(Shipped());

        Assert.Equal(["ingest", "inference", "api"], settings.Node.Roles);
        Assert.Empty(settings.Node.SeedNodes);
        Assert.Equal(4053, settings.Node.Port);
        Assert.Equal(PersistenceProvider.Sqlite, settings.Persistence.Provider);
        Assert.Contains("actorvision.db", settings.Persistence.ConnectionString);
        Assert.Equal(100, settings.Sharding.NumberOfShards);
    }

    [Fact]
    public void Later_files_override_earlier_ones()
    {
        var extra = Path.Combine(Path.GetTempPath(), $"av-{Guid.NewGuid():N}.conf");
        File.WriteAllText(extra, """
            actorvision.node { port = 4999, roles-csv = "ingest, api", seed-nodes-csv = "akka.tcp://actorvision@10.0.0.1:4053" }
            actorvision.persistence.provider = postgresql
            """);
        try
        {
            var settings = ActorVisionSettings.FromConfig(HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"), [extra]));

            Assert.Equal(4999, settings.Node.Port);
            Assert.Equal(["ingest", "api"], settings.Node.Roles);
            Assert.Equal(["akka.tcp://actorvision@10.0.0.1:4053"], settings.Node.SeedNodes);
            Assert.Equal(PersistenceProvider.PostgreSql, settings.Persistence.Provider);
        }
        finally
        {
            File.Delete(extra);
        }
    }

    [Theory]
    [InlineData("actorvision.node.roles-csv = \"ingest, gpu\"", "unknown role(s) gpu")]
    [InlineData("actorvision.node.seed-nodes-csv = \"10.0.0.1:4053\"", "must look like akka.tcp://actorvision@host:port")]
    [InlineData("actorvision.persistence.provider = mysql", "'mysql' is not one of sqlite, postgresql")]
    [InlineData("actorvision.sharding.number-of-shards = 0", "number-of-shards must be at least 1")]
    public void Invalid_settings_are_refused_with_the_key_and_the_reason(string hocon, string expected)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(Shipped());

        var error = Assert.Throws<ConfigurationException>(() => ActorVisionSettings.FromConfig(config));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Environment_variables_declared_in_the_files_override_them()
    {
        var environment = new Dictionary<string, string>
        {
            ["AV_PORT"] = "4100",
            ["AV_ROLES"] = "ingest",
            ["AV_POSTGRES"] = "Host=db;Password=\"quo\"\"ted\"",
            ["AV_PERSISTENCE"] = "postgresql",
            ["AV_SBR_STABLE_AFTER"] = "10s",
        };
        var config = HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"), environment: environment.GetValueOrDefault);

        var settings = ActorVisionSettings.FromConfig(config);
        Assert.Equal(4100, settings.Node.Port);
        Assert.Equal(["ingest"], settings.Node.Roles);
        // Quotes survive the trip through HOCON: the connection string's own quoting still reads back.
        Assert.Equal("quo\"ted", new Npgsql.NpgsqlConnectionStringBuilder(settings.Persistence.ConnectionString).Password);
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
    }

    [Fact]
    public void Every_declared_environment_variable_names_an_existing_key()
    {
        var files = HoconFiles.ConfigurationFiles(Path.Combine(TestAssets.RepoRoot, "hocon"));
        var variables = HoconFiles.EnvironmentVariables(files);
        var config = HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"), environment: _ => null);

        Assert.Contains("AV_PORT", variables.Keys);
        Assert.Equal("actorvision.node.port", variables["AV_PORT"]);
        Assert.All(variables, v => Assert.True(config.HasPath(v.Value), $"{v.Key} points at missing key {v.Value}"));
    }

    [Fact]
    public void Sources_default_to_the_media_folder_beside_hocon_and_the_camera_and_web_schemes()
    {
        var sources = ActorVisionSettings.FromConfig(Shipped(), contentRoot: TestAssets.RepoRoot).Sources.Policy;

        Assert.Equal([Path.Combine(TestAssets.RepoRoot, "media")], sources.MediaRoots);
        Assert.Equal(["rtsp", "rtsps", "http", "https"], sources.AllowedSchemes);
    }

    [Fact]
    public void AV_MEDIA_ROOTS_replaces_the_media_roots()
    {
        var config = HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"),
            environment: name => name == "AV_MEDIA_ROOTS" ? "/srv/recordings, /mnt/archive" : null);

        Assert.Equal(["/srv/recordings", "/mnt/archive"], ActorVisionSettings.FromConfig(config).Sources.Policy.MediaRoots);
    }

    [Theory]
    [InlineData("actorvision.sources.allowed-schemes = [rtsp, file]", "'file' would bypass the media roots")]
    [InlineData("actorvision.sources.allowed-schemes = [concat]", "unknown or unsafe source scheme(s) concat")]
    [InlineData("actorvision.jobs.media-roots = [\"/srv\"]", "moved to actorvision.sources.media-roots")]
    [InlineData("actorvision.jobs.allowed-url-schemes = [https]", "moved to actorvision.sources.allowed-schemes")]
    public void A_source_setting_that_would_bypass_the_policy_is_refused_at_start(string hocon, string expected)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(Shipped());

        var error = Assert.Throws<ConfigurationException>(() =>
        {
            ActorVisionSettings.FromConfig(config);
            ActorVision.Cluster.Jobs.JobSettings.FromConfig(config.GetConfig("actorvision.jobs"));
        });
        Assert.Contains(expected, error.Message);
    }
}

using ActorVision.Cli.Connection;
using ActorVision.Cli.Errors;

namespace ActorVision.Cli.Tests;

public class ConnectionResolverTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Option_wins_over_environment_which_wins_over_default()
    {
        var env = Env(("AV_ADDRESS", "http://from-env:7000"), ("AV_API_KEY", "env-key"));

        var fromOption = ConnectionResolver.Resolve("http://from-option:7001", "option-key", null, env);
        var fromEnv = ConnectionResolver.Resolve(null, null, null, env);
        var fromDefault = ConnectionResolver.Resolve(null, null, null, Env());

        Assert.Equal(new Uri("http://from-option:7001"), fromOption.Address);
        Assert.Equal("option-key", fromOption.ApiKey);
        Assert.Equal(new Uri("http://from-env:7000"), fromEnv.Address);
        Assert.Equal("env-key", fromEnv.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:7070"), fromDefault.Address);
        Assert.Null(fromDefault.ApiKey);
        Assert.Equal(ConnectionResolver.DefaultTimeout, fromDefault.Timeout);
    }

    [Fact]
    public void A_CA_file_comes_from_the_option_or_the_environment_and_must_exist()
    {
        var ca = Path.GetTempFileName();
        try
        {
            Assert.Equal(ca, ConnectionResolver.Resolve("https://node:7443", null, null, Env(), ca).CaFile);
            Assert.Equal(ca, ConnectionResolver.Resolve("https://node:7443", null, null, Env(("AV_CA_FILE", ca))).CaFile);
            Assert.Null(ConnectionResolver.Resolve("https://node:7443", null, null, Env()).CaFile);

            var missing = Assert.Throws<UsageException>(() => ConnectionResolver.Resolve(null, null, null, Env(("AV_CA_FILE", "/nonexistent/ca.pem"))));
            Assert.Contains("AV_CA_FILE", missing.Message);
            Assert.Contains("does not exist", missing.Message);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public void Empty_environment_values_count_as_unset()
    {
        var settings = ConnectionResolver.Resolve(null, null, null, Env(("AV_ADDRESS", "  "), ("AV_API_KEY", "")));

        Assert.Equal(new Uri("http://127.0.0.1:7070"), settings.Address);
        Assert.Null(settings.ApiKey);
    }

    [Theory]
    [InlineData("node-1", "http://node-1:7070/")]
    [InlineData("node-1:9000", "http://node-1:9000/")]
    [InlineData("http://node-1", "http://node-1:7070/")]
    [InlineData("https://node-1", "https://node-1:7070/")]
    [InlineData("https://node-1:443", "https://node-1/")]
    [InlineData("http://10.0.0.5:7070/", "http://10.0.0.5:7070/")]
    [InlineData("[::1]:7070", "http://[::1]:7070/")]
    public void Address_forms_operators_type(string text, string expected) =>
        Assert.Equal(new Uri(expected), ConnectionResolver.ParseAddress(text, "--address"));

    [Theory]
    [InlineData("ftp://node:7070", "must use http:// or https://")]
    [InlineData("http://user:pw@node:7070", "must not carry credentials")]
    [InlineData("http://node:7070/api", "must not have a path")]
    [InlineData("http://", "is not a node address")]
    public void Bad_addresses_are_usage_errors_naming_the_source(string text, string expected)
    {
        var error = Assert.Throws<UsageException>(() => ConnectionResolver.Resolve(null, null, null, Env(("AV_ADDRESS", text))));

        Assert.Contains("AV_ADDRESS", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Settings_never_print_the_api_key()
    {
        var settings = ConnectionResolver.Resolve(null, "very-secret-key", TimeSpan.FromSeconds(5), Env());

        Assert.DoesNotContain("very-secret-key", settings.ToString());
        Assert.Contains("api key set", settings.ToString());
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("45", 45_000)]
    public void Durations_parse(string text, int milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 s")]
    [InlineData("5x")]
    [InlineData("-5")]
    [InlineData("s")]
    public void Nonsense_durations_do_not_parse(string text) =>
        Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(0.25, "250ms")]
    [InlineData(30, "30s")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h")]
    [InlineData(5400, "1h30m")]
    public void Durations_format_short(double seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}

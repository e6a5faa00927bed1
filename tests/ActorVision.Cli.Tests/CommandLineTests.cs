using ActorVision.Cli.Errors;
using ActorVision.Cli.Tests.Support;

namespace ActorVision.Cli.Tests;

/// <summary>Usage errors: exit 2, one line on stderr naming the problem, and no connection to any node.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("", "Required command was not provided")]
    [InlineData("camera", "Required command was not provided")]
    [InlineData("camera frobnicate", "frobnicate")]
    [InlineData("camera ls --output xml", "'xml'")]
    [InlineData("camera ls --timeout soon", "--timeout 'soon' is not a positive duration")]
    [InlineData("camera ls --timeout 0s", "--timeout '0s' is not a positive duration")]
    [InlineData("camera add lobby --url rtsp://cam --fps 0", "--fps must be greater than 0")]
    [InlineData("camera add lobby --url rtsp://cam --fps -3", "--fps must be greater than 0")]
    [InlineData("camera add lobby --url rtsp://cam --width 640", "--width and --height go together")]
    [InlineData("camera add lobby --url rtsp://cam --mode sometimes", "'sometimes'")]
    [InlineData("camera add lobby --url rtsp://cam --transport quic", "'quic'")]
    [InlineData("camera add --url rtsp://cam", "give the camera id")]
    [InlineData("camera add lobby --url rtsp://cam --force", "--force goes with --start")]
    [InlineData("camera status Lobby!", "camera id 'Lobby!' is not valid")]
    [InlineData("camera rm", "Required argument missing")]
    [InlineData("cluster leave node-2", "'node-2' is not a member address")]
    [InlineData("cluster down", "Required argument missing")]
    [InlineData("events query --from yesterday", "--from 'yesterday' is not a time")]
    [InlineData("events query --from 1h --to 2h", "--from must be before --to")]
    [InlineData("events query --limit 0", "--limit must be between 1 and 1000000")]
    [InlineData("events tail --from-offset -1", "--from-offset cannot be negative")]
    [InlineData("job submit video.mp4 --every-frame --fps 2", "--every-frame and --fps contradict each other")]
    [InlineData("job submit", "Required argument missing")]
    [InlineData("job results j1 --format xml", "'xml'")]
    [InlineData("rules set lobby", "Required argument missing")]
    public async Task Usage_errors_exit_2_with_one_line_and_send_nothing(string commandLine, string expected)
    {
        var factory = new NoNodeFactory();
        var run = await CliRun.RunAsync(factory, null, Split(commandLine));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.StartsWith("avctl: ", run.Error);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal("", run.Out);
        Assert.Equal(0, factory.Connects);
    }

    [Theory]
    [InlineData("camera add lobby --url rtsp://cam --rules missing-rules.json", "rules file 'missing-rules.json': no such file")]
    [InlineData("camera update lobby", "nothing to change")]
    [InlineData("camera add lobby", "camera add needs --url")]
    [InlineData("camera add Lobby --url rtsp://cam", "camera id 'Lobby' is not valid")]
    [InlineData("rules set lobby missing-rules.json", "rules file 'missing-rules.json': no such file")]
    [InlineData("job submit video.mp4 --rules missing-rules.json", "rules file 'missing-rules.json': no such file")]
    [InlineData("camera ls --address ftp://node:7070", "must use http:// or https://")]
    public async Task Input_errors_found_while_running_are_usage_errors_too(string commandLine, string expected)
    {
        var factory = new NoNodeFactory();
        var run = await CliRun.RunAsync(factory, null, Split(commandLine));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal(0, factory.Connects);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("camera add --help")]
    [InlineData("job submit -h")]
    public async Task Help_exits_0_and_lists_the_global_options(string commandLine)
    {
        var run = await CliRun.RunAsync(new NoNodeFactory(), null, Split(commandLine));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--address", run.Out);
        Assert.Contains("--api-key", run.Out);
        Assert.Contains("--output", run.Out);
        Assert.Contains("--timeout", run.Out);
    }

    [Fact]
    public async Task Every_command_of_the_brief_exists()
    {
        string[] commands =
        [
            "cluster show", "cluster leave", "cluster down", "cluster down-unreachable", "sharding region-stats",
            "camera add", "camera update", "camera rm", "camera ls", "camera status", "camera start", "camera stop",
            "rules set", "events tail", "events query", "model ls", "device ls",
            "job submit", "job ls", "job status", "job watch", "job cancel", "job results",
        ];
        foreach (var command in commands)
        {
            var run = await CliRun.RunAsync(new NoNodeFactory(), null, [.. Split(command), "--help"]);
            Assert.True(run.ExitCode == 0, $"{command}: {run.Error}");
        }
    }

    [Fact]
    public async Task Commands_that_passed_validation_reach_the_client_factory_with_resolved_settings()
    {
        var factory = new NoNodeFactory();
        var env = new Dictionary<string, string> { ["AV_ADDRESS"] = "node-7:7443", ["AV_API_KEY"] = "s3cret-key" };

        var run = await CliRun.RunAsync(factory, env, "camera", "ls", "--timeout", "45s");

        Assert.Equal(1, factory.Connects);
        Assert.Equal(new Uri("http://node-7:7443"), factory.LastSettings!.Address);
        Assert.Equal("s3cret-key", factory.LastSettings.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(45), factory.LastSettings.Timeout);
        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("s3cret-key", run.Error + run.Out);
    }

    private static string[] Split(string commandLine) =>
        commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

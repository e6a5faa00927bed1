using System.Text;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Jobs;
using ActorVision.Cli.Resilience;
using ActorVision.Cli.Tests.Support;
using ActorVision.Protocol.V1;
using Grpc.Core;

namespace ActorVision.Cli.Tests;

public class JobResultWriterTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static ReadOnlyMemory<byte> Line(string text) => Encoding.UTF8.GetBytes(text + "\n");

    [Fact]
    public async Task A_file_export_broken_midway_is_retried_from_the_start_and_holds_each_line_once()
    {
        var harness = new RetryHarness();
        var attempts = 0;
        var writer = new JobResultWriter((request, _) =>
        {
            attempts++;
            Assert.Equal(ResultFormat.Csv, request.Format);
            return attempts == 1
                ? Scripted.Stream([Line("a"), Line("b")], Scripted.Status(StatusCode.Unavailable, "node died"))
                : Scripted.Stream([Line("a"), Line("b"), Line("c")]);
        }, new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));
        var path = Path.Combine(_files.Folder, "results.csv");

        var bytes = await writer.WriteAsync(new JobResultsRequest { JobId = "j1", Format = ResultFormat.Csv }, path, () => Stream.Null, CancellationToken.None);

        Assert.Equal("a\nb\nc\n", await File.ReadAllTextAsync(path));
        Assert.Equal(6, bytes);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task A_failed_file_export_leaves_no_file_behind_and_keeps_an_older_one()
    {
        var harness = new RetryHarness();
        var path = _files.Write("results.jsonl", "previous export\n");
        var writer = new JobResultWriter((_, _) => Scripted.Stream([Line("x")], Scripted.Status(StatusCode.NotFound, "job 'j1'")),
            new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        await Assert.ThrowsAsync<RpcException>(() => writer.WriteAsync(new JobResultsRequest { JobId = "j1" }, path, () => Stream.Null, CancellationToken.None));

        Assert.Equal("previous export\n", await File.ReadAllTextAsync(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task Stdout_cannot_be_rewound_so_a_break_after_output_is_reported_not_retried()
    {
        var harness = new RetryHarness();
        var stdout = new MemoryStream();
        var writer = new JobResultWriter((_, _) => Scripted.Stream([Line("a")], Scripted.Status(StatusCode.Unavailable)),
            new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAsync<CommandFailedException>(() =>
            writer.WriteAsync(new JobResultsRequest { JobId = "j1" }, null, () => stdout, CancellationToken.None));

        Assert.Equal(ExitCodes.Unavailable, error.ExitCode);
        Assert.Contains("incomplete", error.Message);
        Assert.Empty(harness.Delays);
    }

    [Fact]
    public async Task Stdout_is_retried_while_nothing_was_written_yet()
    {
        var harness = new RetryHarness();
        var stdout = new MemoryStream();
        var attempts = 0;
        var writer = new JobResultWriter((_, _) => ++attempts == 1
                ? Scripted.Stream<ReadOnlyMemory<byte>>([], Scripted.Status(StatusCode.Unavailable))
                : Scripted.Stream([Line("a")]),
            new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        await writer.WriteAsync(new JobResultsRequest { JobId = "j1" }, null, () => new NonClosingStream(stdout), CancellationToken.None);

        Assert.Equal("a\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }
}

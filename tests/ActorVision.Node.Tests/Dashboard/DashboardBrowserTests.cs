using System.Diagnostics;
using System.Text;
using ActorVision.Node.Tests.Observability;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from tests/browser):
/// it loads, lists a running camera, the live view shows changing frames, an event appears with its thumbnail.
/// Screenshots land in artifacts/test-results/.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_dashboard_shows_a_running_camera_its_live_view_and_its_events()
    {
        var scripts = Path.Combine(TestAssets.RepoRoot, "tests", "browser");
        Assert.True(File.Exists(Path.Combine(scripts, "node_modules", "playwright-core", "package.json")),
            "playwright-core is not installed in tests/browser: run scripts/setup.sh test (it runs npm ci there)");
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: run scripts/setup.sh test (apt package chromium)");

        await using var running = await CrossingCameraNode.StartAsync("browser");
        var (node, id) = (running.Node, running.CameraId);

        var artifacts = Path.Combine(TestAssets.RepoRoot, "artifacts", "test-results");
        var (exitCode, log) = await RunAsync(scripts, "dashboard.mjs", node.HttpAddress.ToString().TrimEnd('/'), id, artifacts);
        output.WriteLine(log);

        Assert.True(exitCode == 0, "browser check failed:\n" + log);
        foreach (var check in new[] { "CHECK loaded", "CHECK listed", "CHECK live", "CHECK camera events", "CHECK feed", "CHECK clean" })
            Assert.Contains(check, log);
        Assert.True(new FileInfo(Path.Combine(artifacts, "dashboard.png")).Length > 10_000, "the screenshot is missing or empty");
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        var stdout = Pump(process.StandardOutput, log);
        var stderr = Pump(process.StandardError, log);
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            log.AppendLine($"killed after {ScriptTimeout.TotalMinutes:0} minutes");
        }
        await Task.WhenAll(stdout, stderr);
        lock (log) return (process.ExitCode, log.ToString());
    }

    private static async Task Pump(StreamReader reader, StringBuilder log)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (log) log.AppendLine(line);
    }
}

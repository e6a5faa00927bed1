using System.Diagnostics;
using System.Text;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>Runs a playwright-core script of tests/browser with Node.js and collects what it prints.</summary>
public static class BrowserScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static string Folder => Path.Combine(TestAssets.RepoRoot, "tests", "browser");

    /// <summary>Fails (not skips) when the driver or the browser is missing: both are part of the test setup.</summary>
    public static void RequireInstalled()
    {
        Assert.True(File.Exists(Path.Combine(Folder, "node_modules", "playwright-core", "package.json")),
            "playwright-core is not installed in tests/browser: run scripts/setup.sh test (it runs npm ci there)");
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: run scripts/setup.sh test (apt package chromium)");
    }

    public static async Task<(int ExitCode, string Log)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        var stdout = Pump(process.StandardOutput, log);
        var stderr = Pump(process.StandardError, log);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (log) log.AppendLine($"killed after {Timeout.TotalMinutes:0} minutes");
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

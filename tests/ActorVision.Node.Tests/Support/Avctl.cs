using System.Diagnostics;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Support;

/// <summary>The built avctl (src/ActorVision.Cli/bin/&lt;configuration&gt;/net10.0/avctl.dll) run as a process, as an operator runs it.</summary>
public static class Avctl
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public static string Path
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Debug{System.IO.Path.DirectorySeparatorChar}") ? "Debug" : "Release";
            var path = System.IO.Path.Combine(TestAssets.RepoRoot, "src", "ActorVision.Cli", "bin", configuration, "net10.0", "avctl.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("avctl is not built", path);
        }
    }

    /// <summary>Runs <c>avctl args... --address address --timeout 60s</c> with <paramref name="environment"/> added to (or, null values, removed from) its environment.</summary>
    public static async Task<Result> RunAsync(Uri address, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--address");
        start.ArgumentList.Add(address.ToString());
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add("60s");
        // The test runner's own settings must not leak into the CLI under test.
        start.Environment.Remove("AV_ADDRESS");
        start.Environment.Remove("AV_API_KEY");
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"avctl {string.Join(' ', args)} did not exit within 3 minutes");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}

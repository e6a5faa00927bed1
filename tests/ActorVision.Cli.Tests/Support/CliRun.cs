using ActorVision.Cli.Connection;
using ActorVision.Cli.Output;

namespace ActorVision.Cli.Tests.Support;

/// <summary>Runs avctl in process with captured stdout/stderr and a given environment.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(IControlClientFactory factory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = environment ?? new Dictionary<string, string>();
        var avctl = new Avctl(Terminal.ForWriters(output, error), name => env.TryGetValue(name, out var v) ? v : null, factory,
            new RetryHarness().Call);
        var code = await avctl.RunAsync(args);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

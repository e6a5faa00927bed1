using System.CommandLine;
using ActorVision.Cli.Commands;
using ActorVision.Cli.Connection;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Output;
using ActorVision.Cli.Resilience;

namespace ActorVision.Cli;

/// <summary>
/// The avctl application: the command tree, and one run of it. Tests and the process entry point go through
/// <see cref="RunAsync"/> with the same code; only the terminal, environment and client factory differ.
/// </summary>
public sealed class Avctl
{
    private readonly CliRuntime _runtime;

    public Avctl(Terminal terminal, Func<string, string?> environment, IControlClientFactory clients, ResilientCall? resilience = null)
    {
        _runtime = new CliRuntime(terminal, environment, clients, resilience ?? ResilientCall.Default);
        Root = BuildRoot(_runtime);
    }

    public RootCommand Root { get; }

    public static Avctl ForProcess() =>
        new(Terminal.ForProcess(Environment.GetEnvironmentVariable), Environment.GetEnvironmentVariable, GrpcControlClientFactory.Default);

    /// <returns>The exit code: 0 success, 2 usage error, others as <see cref="ExitCodes"/> lists.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var parse = Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = string.Join(' ', parse.CommandResult.Command.Name == Root.Name
                ? ["avctl"]
                : Path(parse.CommandResult).Prepend("avctl"));
            // An unknown word explains "required command was not provided" better than that message does.
            var error = parse.UnmatchedTokens.Count > 0
                ? $"unknown command or argument '{parse.UnmatchedTokens[0]}'"
                : System.Text.RegularExpressions.Regex.Replace(parse.Errors[0].Message, @"\s+", " ").Trim();
            await _runtime.Terminal.Error.WriteLineAsync($"avctl: {error} (see: {command} --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = _runtime.Terminal.Out,
            Error = _runtime.Terminal.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            var failure = FailureDescriber.Describe(error, null);
            await _runtime.Terminal.Error.WriteLineAsync($"avctl: {failure.Reason}").ConfigureAwait(false);
            return failure.ExitCode;
        }
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current?.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
            names.Push(current.Command.Name);
        return names;
    }

    private static RootCommand BuildRoot(CliRuntime runtime)
    {
        var root = new RootCommand("avctl: operate an ActorVision cluster (cameras, events, jobs, delivery, cluster membership, shards)");
        runtime.Globals.AddTo(root);
        root.Subcommands.Add(ClusterCommands.Cluster(runtime));
        root.Subcommands.Add(ClusterCommands.Sharding(runtime));
        root.Subcommands.Add(CameraCommands.Camera(runtime));
        root.Subcommands.Add(CameraCommands.Rules(runtime));
        root.Subcommands.Add(EventCommands.Events(runtime));
        root.Subcommands.Add(InferenceCommands.Model(runtime));
        root.Subcommands.Add(InferenceCommands.Device(runtime));
        root.Subcommands.Add(JobCommands.Job(runtime));
        root.Subcommands.Add(DeliveryCommands.Delivery(runtime));
        return root;
    }
}

using System.CommandLine;
using ActorVision.Cli.Connection;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Output;
using ActorVision.Cli.Resilience;

namespace ActorVision.Cli.Commands;

/// <summary>
/// What every command shares: the terminal, the environment, the client factory, the retry machinery and
/// the global options; <see cref="Handle"/> wires a command body to exit codes and one-line errors.
/// </summary>
public sealed class CliRuntime(Terminal terminal, Func<string, string?> environment, IControlClientFactory clients, ResilientCall resilience)
{
    public Terminal Terminal { get; } = terminal;
    public Func<string, string?> Environment { get; } = environment;
    public IControlClientFactory Clients { get; } = clients;
    public ResilientCall Resilience { get; } = resilience;
    public GlobalOptions Globals { get; } = new();

    /// <summary>Sets the command's action: run the body, map whatever ends it to an exit code and a reason on stderr.</summary>
    public void Handle(Command command, Func<CommandScope, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var scope = new CommandScope(parseResult, this);
            try
            {
                return await body(scope, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                var failure = FailureDescriber.Describe(error, scope.ConnectionIfResolved, scope.Subject);
                await Terminal.Error.WriteLineAsync($"avctl: {failure.Reason}").ConfigureAwait(false);
                return failure.ExitCode;
            }
        });

    public void Handle(Command command, Func<CommandScope, CancellationToken, Task> body) =>
        Handle(command, async (scope, ct) =>
        {
            await body(scope, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
}

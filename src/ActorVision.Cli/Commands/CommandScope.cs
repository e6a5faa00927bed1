using System.CommandLine;
using ActorVision.Cli.Connection;
using ActorVision.Cli.Output;
using ActorVision.Cli.Resilience;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Commands;

/// <summary>One command's run: its parsed arguments, where to write, and the client it opens on first use.</summary>
public sealed class CommandScope(ParseResult parseResult, CliRuntime runtime) : IAsyncDisposable
{
    private ConnectionSettings? _connection;
    private IControlClient? _client;

    public ParseResult Parse { get; } = parseResult;
    public Terminal Terminal => runtime.Terminal;
    public TimeProvider Clock => runtime.Resilience.Clock;
    public ResilientCall Resilience => runtime.Resilience;
    public OutputFormat Format => Parse.GetValue(runtime.Globals.Output) == "json" ? OutputFormat.Json : OutputFormat.Table;
    public bool Json => Format == OutputFormat.Json;

    /// <summary>What the command is about ("camera 'lobby'"), for NotFound and AlreadyExists messages.</summary>
    public string? Subject { get; set; }

    public ConnectionSettings Connection => _connection ??= ConnectionResolver.Resolve(
        Parse.GetValue(runtime.Globals.Address),
        Parse.GetValue(runtime.Globals.ApiKey),
        Parse.GetValue(runtime.Globals.Timeout),
        runtime.Environment,
        Parse.GetValue(runtime.Globals.CaFile));

    /// <summary>The client, connected on first use (so usage errors never touch the network).</summary>
    public IControlClient Client => _client ??= runtime.Clients.Connect(Connection);

    public ConnectionSettings? ConnectionIfResolved => _connection;

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;
    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>Writes the answer: the message as one JSON document, or the table built for people.</summary>
    public void Show(IMessage message, Func<IRenderable> table)
    {
        if (Json)
            Terminal.Out.WriteLine(ProtoJson.Document(message));
        else
            Terminal.Screen.Write(table());
    }

    public void ShowLine(IMessage message, Func<IRenderable> line)
    {
        if (Json)
            Terminal.Out.WriteLine(ProtoJson.Document(message));
        else
        {
            Terminal.Screen.Write(line());
            Terminal.Screen.WriteLine();
        }
    }

    public StreamReconnect NewReconnect() => new(runtime.Resilience, Connection.Timeout);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
            await _client.DisposeAsync().ConfigureAwait(false);
    }
}

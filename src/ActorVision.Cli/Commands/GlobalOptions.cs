using System.CommandLine;
using ActorVision.Cli.Connection;

namespace ActorVision.Cli.Commands;

/// <summary>The options every command takes (declared once on the root, recursive to every subcommand).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Address { get; } = new("--address")
    {
        Description = $"Node gRPC address [env {ConnectionResolver.AddressVariable}, default {ConnectionResolver.DefaultAddressText}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key sent as the x-api-key header [env {ConnectionResolver.ApiKeyVariable}]",
        HelpName = "key",
        Recursive = true,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = $"PEM certificate of the CA that signs the node's TLS certificate, for https:// addresses [env {ConnectionResolver.CaFileVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string> Output { get; } = new Option<string>("--output", "-o")
    {
        Description = "table for people, json for scripts (JSON lines for events tail)",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    }.AcceptOnlyFromAmong("table", "json");

    public Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = $"How long to keep trying, retries included (e.g. 10s, 2m) [default {DurationText.Format(ConnectionResolver.DefaultTimeout)}]",
        HelpName = "duration",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero)
                return duration;
            result.AddError($"--timeout '{text}' is not a positive duration (e.g. 30s, 2m, 500ms)");
            return null;
        },
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Address);
        root.Options.Add(ApiKey);
        root.Options.Add(CaFile);
        root.Options.Add(Output);
        root.Options.Add(Timeout);
    }
}

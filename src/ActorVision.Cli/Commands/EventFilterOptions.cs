using System.CommandLine;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Commands;

/// <summary>The filter options `events tail` and `events query` share.</summary>
public sealed class EventFilterOptions
{
    private readonly Option<string?> _camera = new("--camera") { Description = "Only this camera", HelpName = "id" };
    private readonly Option<string?> _rule = new("--rule") { Description = "Only this rule id", HelpName = "id" };
    private readonly Option<string?> _type = new("--type") { Description = "Only this event type (ZoneEnter, LineCrossed, ...)", HelpName = "type" };
    private readonly Option<string?> _job = new("--job") { Description = "Only events of this analysis job", HelpName = "id" };

    public void AddTo(Command command)
    {
        command.Options.Add(_camera);
        command.Options.Add(_rule);
        command.Options.Add(_type);
        command.Options.Add(_job);
    }

    public EventFilter Read(ParseResult parse) => new()
    {
        CameraId = parse.GetValue(_camera) ?? "",
        RuleId = parse.GetValue(_rule) ?? "",
        Type = parse.GetValue(_type) ?? "",
        JobId = parse.GetValue(_job) ?? "",
    };
}

using ActorVision.Protocol.V1;
using Spectre.Console;

namespace ActorVision.Cli.Output;

/// <summary>Short state names and their colours: green is healthy, yellow in transition, red needs a look.</summary>
public static class StatusStyle
{
    public static Text Camera(CameraState state) => new(CameraName(state), CameraStyle(state));

    public static string CameraName(CameraState state) => state switch
    {
        CameraState.Running => "Running",
        CameraState.Starting => "Starting",
        CameraState.Reconnecting => "Reconnecting",
        CameraState.Failed => "Failed",
        CameraState.Stopped => "Stopped",
        CameraState.Completed => "Completed",
        _ => "Unknown",
    };

    public static Style CameraStyle(CameraState state) => state switch
    {
        CameraState.Running => new Style(Color.Green),
        CameraState.Starting or CameraState.Reconnecting => new Style(Color.Yellow),
        CameraState.Failed => new Style(Color.Red, decoration: Decoration.Bold),
        CameraState.Completed => new Style(Color.Blue),
        _ => new Style(Color.Grey),
    };

    public static Text Job(JobState state) => new(JobName(state), state switch
    {
        JobState.Completed => new Style(Color.Green),
        JobState.Running => new Style(Color.Blue),
        JobState.Queued => new Style(Color.Yellow),
        JobState.Failed => new Style(Color.Red, decoration: Decoration.Bold),
        JobState.Cancelled => new Style(Color.Grey),
        _ => new Style(Color.Grey),
    });

    public static string JobName(JobState state) => state switch
    {
        JobState.Queued => "Queued",
        JobState.Running => "Running",
        JobState.Completed => "Completed",
        JobState.Failed => "Failed",
        JobState.Cancelled => "Cancelled",
        _ => "Unknown",
    };

    public static Text Member(string status, bool reachable)
    {
        if (!reachable)
            return new Text($"{status} (unreachable)", new Style(Color.Red, decoration: Decoration.Bold));
        return new Text(status, status switch
        {
            "Up" => new Style(Color.Green),
            "Joining" or "WeaklyUp" or "Leaving" or "Exiting" => new Style(Color.Yellow),
            "Down" or "Removed" => new Style(Color.Red),
            _ => Style.Plain,
        });
    }
}

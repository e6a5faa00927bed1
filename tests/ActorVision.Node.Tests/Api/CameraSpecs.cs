using ActorVision.Tests;
using Google.Protobuf.WellKnownTypes;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>Camera specs the API tests send: a live RTSP camera and a file camera over the scripted crossing clip.</summary>
public static class CameraSpecs
{
    public static V1.CameraSpec Live(string id, string url) => new()
    {
        Id = id,
        Name = "Test " + id,
        SourceUrl = url,
        Mode = V1.SourceMode.Live,
        Models = { "motion" },
        AnalysisFps = 5,
        AnalysisWidth = 320,
        AnalysisHeight = 180,
    };

    /// <summary>media/scripted-crossing.mp4: a white box crosses x=0.5 left to right once per 5 s pass.</summary>
    public static V1.CameraSpec ScriptedCrossing(string id) => new()
    {
        Id = id,
        SourceUrl = TestAssets.ScriptedCrossing,
        Mode = V1.SourceMode.File,
        Models = { "motion" },
        AnalysisFps = 10,
        Rules = { Walkway() },
    };

    public static V1.Rule Walkway() => new()
    {
        Id = "walkway",
        Name = "Walkway",
        LineCrossing = new V1.LineCrossingRule
        {
            A = new V1.Point { X = 0.5f, Y = 0.05f },
            B = new V1.Point { X = 0.5f, Y = 0.95f },
            Direction = V1.CrossingDirection.Both,
        },
        Cooldown = Duration.FromTimeSpan(TimeSpan.Zero),
    };

    public static V1.Rule Zone(string id, params (float X, float Y)[] points)
    {
        var zone = new V1.ZoneRule();
        zone.Polygon.AddRange(points.Select(p => new V1.Point { X = p.X, Y = p.Y }));
        return new V1.Rule { Id = id, Zone = zone };
    }
}

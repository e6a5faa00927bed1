using Akka.Actor;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Node.Tests.Support;

namespace ActorVision.Node.Tests.Observability;

/// <summary>
/// A live camera on the scripted crossing clip (a white box crossing left to right every 5 s) served by the RTSP
/// test server: motion finds the box, BlazeFace runs on the device router for every analysed frame (so the device
/// instruments see batches), a vertical line in the middle counts each pass, and events get snapshots.
/// </summary>
public static class CrossingCamera
{
    public const string LineRule = "middle";

    public static CameraSpec Spec(string id, string url) => new()
    {
        Id = id,
        Name = "Crossing " + id,
        SourceUrl = url,
        Models = ["motion", "face-front"],
        AnalysisFps = 5,
        Rules = [new LineCrossingRuleSpec { Id = LineRule, Name = "Middle line", A = new PointF(0.5f, 0.05f), B = new PointF(0.5f, 0.95f) }],
        Outputs = new CameraOutputs { Snapshots = true },
    };

    public static async Task RegisterAsync(TestNode node, string id, string url)
    {
        var region = await node.CameraRegionAsync();
        var reply = await region.Ask<object>(new RegisterCamera(Spec(id, url), CameraOwner.Api, Start: true), TimeSpan.FromSeconds(30));
        Assert.IsType<CameraAccepted>(reply);
    }

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}

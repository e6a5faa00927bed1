using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Cluster.Hosting;
using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;

namespace ActorVision.Node;

// TEMPORARY: replaced by the declarative camera file.
public static class DemoCameras
{
    public static async Task Register(ActorSystem system, IActorRegistry registry)
    {
        var region = await registry.GetAsync<CameraRegion>();
        var rtsp = Environment.GetEnvironmentVariable("AV_DEMO_RTSP") ?? "rtsp://127.0.0.1:8554";
        var root = Path.GetFullPath(".");
        var entrance = new CameraSpec
        {
            Id = "entrance",
            SourceUrl = rtsp + "/pedestrians",
            Models = ["motion"],
            AnalysisFps = 5,
            Rules =
            [
                new LineCrossingRuleSpec { Id = "walkway", Name = "Walkway", A = new PointF(0.5f, 0.2f), B = new PointF(0.5f, 0.8f) },
                new ZoneRuleSpec { Id = "crossing", Name = "Crossing", Polygon = Polygon.Rectangle(0.55f, 0.3f, 1f, 0.75f) },
            ],
            Outputs = new CameraOutputs { HlsFolder = "hls/entrance", Snapshots = true },
        };
        var reply = await region.Ask<object>(new RegisterCamera(entrance, CameraOwner.Api, Start: true), TimeSpan.FromSeconds(30));
        Console.WriteLine($"demo: {reply}");
    }
}

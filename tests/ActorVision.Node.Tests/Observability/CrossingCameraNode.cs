using Akka.Actor;
using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Tests.Observability;

/// <summary>
/// A node running one live camera on the scripted crossing clip (a white box crossing left to right every 5 s) served
/// by the RTSP test server: motion finds the box, BlazeFace runs on the device router for every analysed frame (so
/// the device instruments see batches), a vertical line in the middle counts each pass, and events get snapshots.
/// </summary>
public sealed class CrossingCameraNode : IAsyncDisposable
{
    public const string LineRule = "middle";

    private CrossingCameraNode(RtspTestServer rtsp, TestNode node, string cameraId)
    {
        Rtsp = rtsp;
        Node = node;
        CameraId = cameraId;
        Http = new HttpClient { BaseAddress = node.HttpAddress };
    }

    public RtspTestServer Rtsp { get; }
    public TestNode Node { get; }
    public string CameraId { get; }
    public string SourceUrl => Rtsp.Url("crossing");
    /// <summary>A client of the node's HTTP port.</summary>
    public HttpClient Http { get; }

    /// <param name="extraHocon">Added to the node's configuration (keys, say).</param>
    public static async Task<CrossingCameraNode> StartAsync(string idPrefix, string extraHocon = "")
    {
        var rtsp = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        TestNode? node = null;
        try
        {
            node = await TestNode.StartAsync(extraHocon);
            var running = new CrossingCameraNode(rtsp, node, idPrefix + "-" + Guid.NewGuid().ToString("N")[..8]);
            var region = await node.CameraRegionAsync();
            var reply = await region.Ask<object>(new RegisterCamera(Spec(running.CameraId, running.SourceUrl), CameraOwner.Api, Start: true), TimeSpan.FromSeconds(30));
            Assert.IsType<CameraAccepted>(reply);
            return running;
        }
        catch
        {
            if (node is not null) await node.DisposeAsync();
            rtsp.Dispose();
            throw;
        }
    }

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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Node.DisposeAsync();
        Rtsp.Dispose();
    }
}

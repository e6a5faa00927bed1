using Akka.Actor;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Tests.Support;

/// <summary>Talks to camera entities through a node's shard region, as the API does.</summary>
public sealed class Cameras(IActorRef region)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public async Task<CameraView> RegisterAsync(CameraSpec spec, bool start = true)
    {
        var reply = await region.Ask<object>(new RegisterCamera(spec, CameraOwner.Api, start), AskTimeout);
        return reply is CameraAccepted accepted ? accepted.Camera : throw new InvalidOperationException($"register {spec.Id}: {reply}");
    }

    public Task<object> SendAsync(IWithCameraId message) => region.Ask<object>(message, AskTimeout);

    public async Task<CameraView> GetAsync(string cameraId)
    {
        var reply = await region.Ask<object>(new GetCamera(cameraId), AskTimeout);
        return reply as CameraView ?? throw new InvalidOperationException($"get {cameraId}: {reply}");
    }

    /// <summary>Polls the camera until its status satisfies <paramref name="condition"/>; fails with the last status seen.</summary>
    public async Task<CameraView> WaitForAsync(string cameraId, Func<CameraStatus, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        CameraView? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(cameraId);
            if (condition(last.Status)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"camera {cameraId}: {what} not reached within {timeout.TotalSeconds:0} s; last status: {last?.Status}");
    }

    public Task<CameraView> WaitForStateAsync(string cameraId, CameraRunState state, TimeSpan timeout) =>
        WaitForAsync(cameraId, s => s.State == state, timeout, state.ToString());
}

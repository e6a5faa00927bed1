using System.Threading.Channels;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Dashboard;

// Between the HTTP live-view streams of this node and its LiveViewHub (local only: they carry channel writers).

/// <summary>A browser started watching: deliver the camera's frames to <paramref name="Viewer"/>.</summary>
public sealed record OpenLiveView(string CameraId, ChannelWriter<LiveViewFrame> Viewer);

/// <summary>The browser went away.</summary>
public sealed record CloseLiveView(string CameraId, ChannelWriter<LiveViewFrame> Viewer);

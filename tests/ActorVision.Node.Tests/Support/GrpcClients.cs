using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Support;

/// <summary>Generated gRPC clients over one channel to a node's gRPC port, sending an API key when given one.</summary>
public sealed class GrpcClients : IDisposable
{
    private readonly GrpcChannel _channel;

    public GrpcClients(Uri address, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        var invoker = apiKey is null
            ? _channel.CreateCallInvoker()
            : _channel.CreateCallInvoker().Intercept(metadata =>
            {
                metadata.Add("x-api-key", apiKey);
                return metadata;
            });
        Invoker = invoker;
        Cameras = new V1.Cameras.CamerasClient(invoker);
        Events = new V1.Events.EventsClient(invoker);
        Cluster = new V1.ClusterAdmin.ClusterAdminClient(invoker);
        Models = new V1.Models.ModelsClient(invoker);
    }

    public CallInvoker Invoker { get; }
    public V1.Cameras.CamerasClient Cameras { get; }
    public V1.Events.EventsClient Events { get; }
    public V1.ClusterAdmin.ClusterAdminClient Cluster { get; }
    public V1.Models.ModelsClient Models { get; }

    public void Dispose() => _channel.Dispose();
}

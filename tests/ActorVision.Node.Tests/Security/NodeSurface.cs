using ActorVision.Node.Access;
using Google.Protobuf.Reflection;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Security;

/// <summary>
/// Everything a node answers, with the role each needs: every HTTP route (with a path to call it by) and every gRPC
/// method of the shipped contracts. <see cref="EndpointCoverageTests"/> proves this list is the node's whole surface;
/// the hostile-input tests call each entry as a stranger, a viewer and an admin would.
/// </summary>
public static class NodeSurface
{
    /// <param name="Role">Null: open to anyone (probes, the sign-in page).</param>
    public sealed record HttpRoute(string Method, string Pattern, string Path, AccessRole? Role)
    {
        /// <summary>The method to call it with.</summary>
        public HttpMethod Verb => Method == "*" ? HttpMethod.Get : new HttpMethod(Method);

        public override string ToString() => $"{Verb} {Path}";
    }

    public static readonly IReadOnlyList<HttpRoute> HttpRoutes =
    [
        new("GET", "/healthz", "/healthz", null),
        new("GET", "/ready", "/ready", null),
        new("GET", "/login", "/login", null),
        new("POST", "/login", "/login", null),
        new("POST", "/logout", "/logout", null),
        new("GET", "/", "/", AccessRole.Viewer),
        new("GET", "/dashboard/{*file}", "/dashboard/index.html", AccessRole.Viewer),
        new("GET", "/api/dashboard/state", "/api/dashboard/state", AccessRole.Viewer),
        new("GET", "/api/dashboard/stream", "/api/dashboard/stream", AccessRole.Viewer),
        new("GET", "/api/cameras/{id}/live.mjpg", "/api/cameras/no-such-camera/live.mjpg", AccessRole.Viewer),
        new("GET", "/api/snapshots/{camera}/{file}", "/api/snapshots/no-such-camera/00000000-0000-0000-0000-000000000000.jpg", AccessRole.Viewer),
        new("GET", "/jobs/{jobId}/results/{format}", "/jobs/j-0000000000000000/results/csv", AccessRole.Viewer),
        new("*", "/metrics", "/metrics", AccessRole.Viewer), // the Prometheus exporter answers any method
        new("GET", "/delivery", "/delivery", AccessRole.Viewer),
        new("GET", "/camera-file", "/camera-file", AccessRole.Viewer),
    ];

    /// <summary>The calls that change something: everything else of the ActorVision services is a read.</summary>
    private static readonly HashSet<string> AdminMethods = new(StringComparer.Ordinal)
    {
        "actorvision.v1.Cameras/AddCamera", "actorvision.v1.Cameras/UpdateCamera", "actorvision.v1.Cameras/RemoveCamera",
        "actorvision.v1.Cameras/StartCamera", "actorvision.v1.Cameras/StopCamera", "actorvision.v1.Cameras/SetRules",
        "actorvision.v1.ClusterAdmin/Leave", "actorvision.v1.ClusterAdmin/Down", "actorvision.v1.ClusterAdmin/DownUnreachable",
        "actorvision.v1.Jobs/SubmitJob", "actorvision.v1.Jobs/CancelJob",
        "actorvision.v1.Delivery/ReplayDeadLetters",
    };

    /// <param name="Path">service/method, as gRPC routes it (without the leading '/').</param>
    /// <param name="Role">Null: open to anyone (gRPC health, for load balancers and probes).</param>
    public sealed record GrpcMethod(string Service, string Name, bool ClientStreaming, bool ServerStreaming, AccessRole? Role)
    {
        public string Path => $"{Service}/{Name}";

        public override string ToString() => Path;
    }

    /// <summary>Every method of the ActorVision services (from the compiled contracts), gRPC health and server reflection.</summary>
    public static IReadOnlyList<GrpcMethod> GrpcMethods { get; } = Build();

    private static IReadOnlyList<GrpcMethod> Build()
    {
        Google.Protobuf.Reflection.ServiceDescriptor[] services =
        [
            .. V1.CamerasReflection.Descriptor.Services, .. V1.EventsReflection.Descriptor.Services,
            .. V1.ClusterReflection.Descriptor.Services, .. V1.ModelsReflection.Descriptor.Services, .. V1.JobsReflection.Descriptor.Services,
            .. V1.DeliveryReflection.Descriptor.Services,
        ];
        var methods = services.SelectMany(s => s.Methods).Select(m => new GrpcMethod(m.Service.FullName, m.Name, m.IsClientStreaming, m.IsServerStreaming,
            AdminMethods.Contains($"{m.Service.FullName}/{m.Name}") ? AccessRole.Admin : AccessRole.Viewer)).ToList();
        methods.Add(new GrpcMethod("grpc.health.v1.Health", "Check", false, false, null));
        methods.Add(new GrpcMethod("grpc.health.v1.Health", "Watch", false, true, null));
        methods.Add(new GrpcMethod("grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo", true, true, AccessRole.Viewer));
        methods.Add(new GrpcMethod("grpc.reflection.v1.ServerReflection", "ServerReflectionInfo", true, true, AccessRole.Viewer));
        return methods;
    }

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    /// <summary>
    /// Calls <paramref name="method"/> with an empty request (every field at its default) and answers the status it
    /// ended with: OK, or what the node refused it with. Streams are read for one message, within a short deadline.
    /// </summary>
    public static async Task<Status> CallAsync(CallInvoker invoker, GrpcMethod method, string? apiKey)
    {
        var type = (method.ClientStreaming, method.ServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var descriptor = new Method<byte[], byte[]>(type, method.Service, method.Name, Raw, Raw);
        var headers = new Metadata();
        if (apiKey is not null) headers.Add(KeyAuthentication.KeyHeader, apiKey);
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(10));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(descriptor, null, options, []).ResponseAsync;
                    break;
                case MethodType.ServerStreaming:
                {
                    using var call = invoker.AsyncServerStreamingCall(descriptor, null, options, []);
                    await call.ResponseStream.MoveNext();
                    break;
                }
                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(descriptor, null, options);
                    try
                    {
                        await call.RequestStream.WriteAsync([]);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseStream.MoveNext();
                    }
                    catch (RpcException sending)
                    {
                        // Refused before the request was read: writing may fail with Cancelled while the answer, a
                        // status in the response headers, has already come.
                        if (await AnsweredStatusAsync(call) is { } answered) return answered;
                        if (sending.StatusCode != StatusCode.Cancelled) return sending.Status;
                        // The refusal reset the stream before its status reached this side (seen on a loaded
                        // machine): ask again without writing, which a refusal answers from the headers alone.
                        using var again = invoker.AsyncDuplexStreamingCall(descriptor, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(10)));
                        await again.ResponseStream.MoveNext();
                    }
                    break;
                }
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    private static async Task<Status?> AnsweredStatusAsync(AsyncDuplexStreamingCall<byte[], byte[]> call)
    {
        try
        {
            await call.ResponseHeadersAsync;
            return call.GetStatus();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            return null;
        }
    }
}

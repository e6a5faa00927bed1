using System.Security.Cryptography;
using System.Text;
using ActorVision.Node.Configuration;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ActorVision.Node.Api;

/// <summary>
/// When <c>actorvision.api.api-key</c> is set, every gRPC call must carry it in the <c>x-api-key</c> header, or it is
/// answered Unauthenticated before any service runs. The gRPC health service and server reflection stay open: load
/// balancers and probes call them without credentials, and neither reveals or changes anything of the cluster.
/// </summary>
public sealed class ApiKeyInterceptor(ApiSettings settings) : Interceptor
{
    public const string Header = "x-api-key";

    private static readonly string[] OpenServices = ["/grpc.health.v1.Health/", "/grpc.reflection.v1alpha.ServerReflection/", "/grpc.reflection.v1.ServerReflection/"];
    private readonly bool _required = settings.RequiresApiKey;
    // Keys are compared as hashes so that neither the content nor the length of a guess shows in the timing.
    private readonly byte[] _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(settings.ApiKey));

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (!_required || OpenServices.Any(s => context.Method.StartsWith(s, StringComparison.Ordinal))) return;
        var sent = context.RequestHeaders.GetValue(Header);
        if (sent is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"this node requires an API key in the '{Header}' header"));
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), _keyHash))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the API key is wrong"));
    }
}

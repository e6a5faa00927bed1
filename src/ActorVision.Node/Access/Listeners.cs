using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ActorVision.Node.Access;

/// <summary>The node's two ports: gRPC (the control API) and HTTP (dashboard, video, metrics, probes).</summary>
public enum Listener
{
    Http,
    Grpc,
}

/// <summary>
/// Which port a request came in on, known from the connection (Kestrel tags each listener's connections), never from
/// the Host header a client chooses: the gRPC port serves gRPC methods only and the HTTP port everything else.
/// </summary>
public static class Listeners
{
    private const string ItemKey = "actorvision.listener";

    /// <summary>Tags every connection of <paramref name="options"/> as <paramref name="listener"/>.</summary>
    public static ListenOptions Serve(this ListenOptions options, Listener listener)
    {
        options.Use(next => connection =>
        {
            connection.Items[ItemKey] = listener;
            return next(connection);
        });
        return options;
    }

    public static Listener? Of(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var value) == true ? value as Listener? : null;

    /// <summary>After routing: a route that does not belong to the port the request came in on is treated as no route.</summary>
    public static IApplicationBuilder UsePortFilter(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is { } endpoint)
        {
            var grpc = endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
            var expected = grpc ? Listener.Grpc : Listener.Http;
            if (Of(context) != expected) context.SetEndpoint(null);
        }
        return next(context);
    });
}

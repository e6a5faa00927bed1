using ActorVision.Node.Access;
using ActorVision.Node.Tests.Support;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace ActorVision.Node.Tests.Security;

/// <summary>
/// The node's real endpoints, read from its routing table: each one declares the role it needs (or is openly open),
/// and the list the hostile-input tests call (<see cref="NodeSurface"/>) is exactly that table, so an endpoint added
/// later without a role, or without a hostile test, fails here.
/// </summary>
public sealed class EndpointCoverageTests
{
    [Fact]
    public async Task Every_HTTP_route_and_gRPC_method_of_the_node_declares_the_role_the_surface_list_gives_it()
    {
        await using var node = await TestNode.StartAsync();
        var endpoints = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("{unimplemented", StringComparison.Ordinal) != true) // gRPC's catch-alls: refused by the fallback
            .ToArray();

        var grpc = endpoints.Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()!.Method.FullName.TrimStart('/'), Declared);
        var http = endpoints.Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Key: $"{m} {e.RoutePattern.RawText}", Role: Declared(e))))
            .ToDictionary(e => e.Key, e => e.Role);

        Assert.All(grpc, m => Assert.True(m.Value.Declared, $"gRPC method {m.Key} declares no role"));
        Assert.All(http, r => Assert.True(r.Value.Declared, $"HTTP route {r.Key} declares no role"));
        Assert.Equal(NodeSurface.GrpcMethods.Select(m => m.Path).Order(), grpc.Keys.Order());
        Assert.Equal(NodeSurface.HttpRoutes.Select(r => $"{r.Method} {r.Pattern}").Order(), http.Keys.Order());
        Assert.All(NodeSurface.GrpcMethods, m => Assert.True(m.Role == grpc[m.Path].Role, $"{m.Path}: the node says {grpc[m.Path].Role?.ToString() ?? "open"}, the list {m.Role?.ToString() ?? "open"}"));
        Assert.All(NodeSurface.HttpRoutes, r => Assert.True(r.Role == http[$"{r.Method} {r.Pattern}"].Role, $"{r}: the roles differ"));
        // Only probes, the sign-in page and gRPC health are open.
        Assert.Equal(["/healthz", "/login", "/logout", "/ready"], NodeSurface.HttpRoutes.Where(r => r.Role is null).Select(r => r.Pattern).Distinct().Order());
        Assert.Equal(["grpc.health.v1.Health"], NodeSurface.GrpcMethods.Where(m => m.Role is null).Select(m => m.Service).Distinct());
    }

    private static (bool Declared, AccessRole? Role) Declared(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return (true, null);
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToArray();
        if (policies.Contains(AccessPolicies.Admin)) return (true, AccessRole.Admin);
        if (policies.Contains(AccessPolicies.Viewer)) return (true, AccessRole.Viewer);
        return (false, null);
    }
}

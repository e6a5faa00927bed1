using Microsoft.AspNetCore.Authorization;

namespace ActorVision.Node.Access;

/// <summary>
/// The authorization policies of the node: one per role, and a fallback that refuses every endpoint that declares
/// no role (deny by default), so a route or gRPC method added without a role is closed, not open.
/// </summary>
public static class AccessPolicies
{
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    public static string Of(AccessRole role) => role == AccessRole.Admin ? Admin : Viewer;

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, p => p.AddRequirements(new RoleRequirement(AccessRole.Viewer)));
        options.AddPolicy(Admin, p => p.AddRequirements(new RoleRequirement(AccessRole.Admin)));
        options.DefaultPolicy = options.GetPolicy(Viewer)!;
        options.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new NoRoleDeclared()).Build();
    }

    /// <summary>Declares who may call an endpoint: a viewer key or better, or an admin key.</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, AccessRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Of(role));

    /// <summary>Declares an endpoint open to anyone (probes, the sign-in page): it must say nothing secret.</summary>
    public static TBuilder Open<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous();
}

/// <summary>The caller's key has at least this role.</summary>
public sealed record RoleRequirement(AccessRole Role) : IAuthorizationRequirement;

/// <summary>The requirement of the fallback policy: nothing satisfies it.</summary>
public sealed record NoRoleDeclared : IAuthorizationRequirement;

public sealed class RoleRequirementHandler : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (Caller.Of(context.User) is { } caller && caller.May(requirement.Role)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Declares the role a gRPC method needs (<c>[Requires(AccessRole.Admin)]</c>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresAttribute(AccessRole role) : AuthorizeAttribute(AccessPolicies.Of(role))
{
    public AccessRole Role { get; } = role;
}

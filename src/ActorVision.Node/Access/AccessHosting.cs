using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HostFiltering;

namespace ActorVision.Node.Access;

/// <summary>
/// Wires the node's one access model into ASP.NET Core: key and session authentication, a policy per role with deny
/// by default, refusals in the caller's protocol, the Host names the node answers to (DNS rebinding), the port filter
/// and the request limits. Every HTTP route and gRPC method of the node passes through it.
/// </summary>
public static class AccessHosting
{
    public static IServiceCollection AddAccess(this IServiceCollection services, AccessSettings access, RequestLimits limits)
    {
        services.AddSingleton(access);
        services.AddSingleton(limits);
        services.AddSingleton(new SessionTokens(access.Keys.SessionSigningKey(), TimeProvider.System));
        services.AddAuthentication(KeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, KeyAuthentication>(KeyAuthentication.SchemeName, null);
        services.AddAuthorization(AccessPolicies.Configure);
        services.AddSingleton<IAuthorizationHandler, RoleRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessDenials>();
        services.Configure<HostFilteringOptions>(o =>
        {
            o.AllowedHosts = access.AllowedHosts.ToList();
            o.IncludeFailureMessage = false;
        });
        services.AddRateLimiter(limits.Configure);
        return services;
    }

    /// <summary>The access middleware, in order: routing, the port filter, who is calling, how much they may, what they may.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseRouting();
        app.UsePortFilter();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use((context, next) =>
        {
            // Pages of the node are never framed by another site (clickjacking) nor sniffed into another type.
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin"; // "no-referrer" would make browsers send "Origin: null" with the sign-in form
            return next(context);
        });
        return app;
    }
}

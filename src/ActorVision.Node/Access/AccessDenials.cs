using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ActorVision.Node.Access;

/// <summary>
/// What a refused caller is told, in its protocol: gRPC Unauthenticated (no key, a wrong key) or PermissionDenied (a
/// viewer key on a change) with the reason; a browser that opens a dashboard page without a session goes to the
/// sign-in page; other HTTP clients get 401 or 403 with the reason.
/// </summary>
public sealed class AccessDenials : IAuthorizationMiddlewareResultHandler
{
    public const string MissingKey = $"this node requires an API key in the '{KeyAuthentication.KeyHeader}' header (or 'Authorization: Bearer <key>'; browsers sign in at /login)";

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await next(context);
            return;
        }
        if (context.GetEndpoint() is null)
        {
            // No route (or not on this port): nothing to protect, nothing to say.
            await Refusal.WriteAsync(context, StatusCodes.Status404NotFound, StatusCode.Unimplemented, "not found");
            return;
        }
        if (result.AuthorizationFailure?.FailedRequirements.OfType<NoRoleDeclared>().Any() == true)
        {
            await Refusal.WriteAsync(context, StatusCodes.Status403Forbidden, StatusCode.PermissionDenied,
                "this endpoint declares no role, so nobody may call it (deny by default)");
            return;
        }
        var caller = Caller.Of(context.User);
        if (caller is null)
        {
            if (IsPageNavigation(context.Request))
            {
                context.Response.Redirect(LoginEndpoints.LoginPath + "?return=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                return;
            }
            // The handler keeps its result for the request: this tells a wrong key from a missing one.
            var failure = (await context.AuthenticateAsync(KeyAuthentication.SchemeName)).Failure?.Message;
            await Refusal.WriteAsync(context, StatusCodes.Status401Unauthorized, StatusCode.Unauthenticated, failure ?? MissingKey,
                ("WWW-Authenticate", "Bearer"));
            return;
        }
        var needed = policy.Requirements.OfType<RoleRequirement>().Select(r => r.Role).DefaultIfEmpty(AccessRole.Admin).Max();
        await Refusal.WriteAsync(context, StatusCodes.Status403Forbidden, StatusCode.PermissionDenied,
            $"this needs {Article(needed)} key; '{caller.Name}' is {Article(caller.Role)} key");
    }

    private static string Article(AccessRole role) => role == AccessRole.Admin ? "an admin" : "a viewer";

    /// <summary>A browser opening a page (not a script, not the page's own fetches): it should see the sign-in page.</summary>
    private static bool IsPageNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)
        && !Refusal.IsGrpc(request);
}

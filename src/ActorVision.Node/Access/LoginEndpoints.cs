using System.Text.Encodings.Web;
using ActorVision.Node.Dashboard;
using Microsoft.AspNetCore.Mvc;

namespace ActorVision.Node.Access;

/// <summary>
/// The dashboard's sign-in: <c>GET /login</c> shows a form, <c>POST /login</c> checks the key and sets the session
/// cookie (HttpOnly, SameSite=Strict, Secure over TLS, signed, expiring), <c>POST /logout</c> clears it. Browsers
/// then reach the dashboard, live video, snapshots and job results with the cookie alone; the key is never stored.
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";
    private const string Landing = "/dashboard/";
    private const int MaxFormBytes = 4096;

    public static WebApplication MapLogin(this WebApplication app)
    {
        app.MapGet(LoginPath, LoginPage).Open();
        app.MapPost(LoginPath, SignInAsync).Open().WithMetadata(new RequestSizeLimitAttribute(MaxFormBytes));
        app.MapPost("/logout", SignOut).Open();
        return app;
    }

    private static IResult LoginPage(HttpContext context, EmbeddedAssets assets, string? error, string? @return)
    {
        var page = System.Text.Encoding.UTF8.GetString(assets.Find("login.html")!.Content)
            .Replace("{{error}}", error is null ? "" : "<p class=\"error\">That key is not valid. Check it and try again.</p>", StringComparison.Ordinal)
            .Replace("{{return}}", HtmlEncoder.Default.Encode(LocalPath(@return)), StringComparison.Ordinal);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(page, "text/html; charset=utf-8");
    }

    private static async Task<IResult> SignInAsync(HttpContext context, AccessSettings access, SessionTokens sessions, ILoggerFactory logs)
    {
        // A form posted from another site (login CSRF) is refused; browsers always send Origin on a POST.
        if (context.Request.Headers.Origin is [{ } origin] && !SameOrigin(origin, context.Request))
            return Results.Json(new { error = "sign-in from another site is refused" }, statusCode: StatusCodes.Status403Forbidden);
        if (!context.Request.HasFormContentType)
            return Results.Json(new { error = "send the key as a form field 'key'" }, statusCode: StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var target = LocalPath(form["return"]);
        var caller = access.Keys.IsEmpty ? Caller.Anonymous : access.Keys.Find(form["key"].ToString());
        if (caller is null)
        {
            logs.CreateLogger("ActorVision.Node.Access").LogWarning("dashboard sign-in with a wrong key from {Address}", context.Connection.RemoteIpAddress);
            return Results.Redirect($"{LoginPath}?error=1&return={Uri.EscapeDataString(target)}");
        }
        context.Response.Cookies.Append(SessionTokens.CookieName, sessions.Issue(caller, access.SessionLifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = access.SessionLifetime,
        });
        return Results.Redirect(target);
    }

    private static IResult SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(SessionTokens.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });
        return Results.Redirect(LoginPath);
    }

    /// <summary>Where to go after signing in: a path on this node, never another site (an open redirect).</summary>
    private static string LocalPath(string? path) =>
        path is { Length: > 1 and < 512 } p && p[0] == '/' && p[1] is not ('/' or '\\') && !p.Any(char.IsControl) ? p : Landing;

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
}

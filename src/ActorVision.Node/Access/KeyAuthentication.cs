using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActorVision.Node.Access;

/// <summary>
/// Who is calling: the key in <c>x-api-key</c> (gRPC, avctl, scripts) or <c>Authorization: Bearer</c> (Prometheus),
/// else the dashboard's session cookie. A node without keys takes every caller for <see cref="Caller.Anonymous"/>
/// (an admin): it only runs like that on loopback or in insecure mode.
/// </summary>
public sealed class KeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessSettings access,
    SessionTokens sessions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ActorVisionKey";
    public const string KeyHeader = "x-api-key";
    public const string WrongKey = "the API key is wrong";
    public const string SessionEnded = "the dashboard session has ended or is not valid; sign in again at /login";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (access.Keys.IsEmpty) return Task.FromResult(Success(Caller.Anonymous));
        if (PresentedKey() is { } presented)
            return Task.FromResult(access.Keys.Find(presented) is { } caller ? Success(caller) : AuthenticateResult.Fail(WrongKey));
        if (Request.Cookies[SessionTokens.CookieName] is { } cookie)
            return Task.FromResult(sessions.Verify(cookie) is { } caller ? Success(caller) : AuthenticateResult.Fail(SessionEnded));
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    private string? PresentedKey()
    {
        var header = Request.Headers[KeyHeader];
        if (header.Count > 0) return header.Count == 1 ? header[0] : "";
        var authorization = Request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return value["Bearer ".Length..].Trim();
        return null;
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
}

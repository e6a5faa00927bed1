using System.Security.Claims;

namespace ActorVision.Node.Access;

/// <summary>Who made a request: the name of the key it carried (what logs and job fairness use) and that key's role.</summary>
public sealed record Caller(string Name, AccessRole Role)
{
    /// <summary>Every caller of a node that has no keys (loopback, or insecure mode).</summary>
    public static Caller Anonymous { get; } = new("anonymous", AccessRole.Admin);

    public bool May(AccessRole needed) => Role == AccessRole.Admin || needed == AccessRole.Viewer;

    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, Name), new Claim(ClaimTypes.Role, Role.ToString())], scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The caller an authenticated principal stands for; null when the request was not authenticated.</summary>
    public static Caller? Of(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, Name: { } name }) return null;
        return user.IsInRole(nameof(AccessRole.Admin)) ? new Caller(name, AccessRole.Admin) : new Caller(name, AccessRole.Viewer);
    }
}

using ActorVision.Node.Access;

namespace ActorVision.Node.Tests.Security;

/// <summary>The dashboard's session token: what it says cannot be changed, stretched or carried to a node with other keys.</summary>
public sealed class SessionTokensTests
{
    private static readonly AccessKeys Keys = new([
        (new Caller("admin", AccessRole.Admin), "admin-key-0123456789abcdef"),
        (new Caller("viewer", AccessRole.Viewer), "viewer-key-0123456789abcdef"),
    ]);

    [Fact]
    public void A_token_stands_for_its_caller_until_it_expires()
    {
        var clock = new SettableClock(DateTimeOffset.Parse("2026-12-01T10:00:00Z"));
        var tokens = new SessionTokens(Keys.SessionSigningKey(), clock);

        var token = tokens.Issue(new Caller("viewer", AccessRole.Viewer), TimeSpan.FromHours(1));

        Assert.Equal(new Caller("viewer", AccessRole.Viewer), tokens.Verify(token));
        clock.Now = clock.Now.AddMinutes(59);
        Assert.NotNull(tokens.Verify(token));
        clock.Now = clock.Now.AddMinutes(1);
        Assert.Null(tokens.Verify(token));
    }

    [Fact]
    public void A_changed_role_name_or_expiry_and_a_token_of_other_keys_are_refused()
    {
        var clock = new SettableClock(DateTimeOffset.Parse("2026-12-01T10:00:00Z"));
        var tokens = new SessionTokens(Keys.SessionSigningKey(), clock);
        var token = tokens.Issue(new Caller("viewer", AccessRole.Viewer), TimeSpan.FromHours(1));
        var parts = token.Split('.');

        Assert.Null(tokens.Verify(string.Join('.', "admin", parts[1], parts[2], parts[3])));
        Assert.Null(tokens.Verify(string.Join('.', parts[0], "admin", parts[2], parts[3])));
        Assert.Null(tokens.Verify(string.Join('.', parts[0], parts[1], (long.Parse(parts[2]) + 86400).ToString(), parts[3])));
        Assert.Null(tokens.Verify(token + "x"));
        Assert.Null(tokens.Verify("not a token"));
        Assert.Null(tokens.Verify(""));

        // The same names with another admin key: the viewer key alone cannot sign for the node.
        var otherKeys = new AccessKeys([
            (new Caller("admin", AccessRole.Admin), "another-admin-key-0123456789"),
            (new Caller("viewer", AccessRole.Viewer), "viewer-key-0123456789abcdef"),
        ]);
        Assert.Null(new SessionTokens(otherKeys.SessionSigningKey(), clock).Verify(token));
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

namespace ActorVision.Cli.Errors;

/// <summary>
/// avctl's exit codes. Scripts can rely on them: 0 is success, 2 a usage error (nothing was sent),
/// the others say which kind of failure the one-line reason on stderr describes.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Any failure without a more specific code (the node failed, an unexpected error).</summary>
    public const int Failure = 1;
    /// <summary>Bad arguments, options or input files: the command was not sent.</summary>
    public const int Usage = 2;
    /// <summary>The node rejected the request as invalid (InvalidArgument, OutOfRange).</summary>
    public const int Rejected = 3;
    public const int NotFound = 4;
    /// <summary>AlreadyExists, FailedPrecondition, Aborted: the request conflicts with the current state.</summary>
    public const int Conflict = 5;
    /// <summary>The API key is missing, wrong, or not allowed to do this.</summary>
    public const int Unauthenticated = 6;
    /// <summary>The node could not be reached, or did not answer within --timeout (after retries).</summary>
    public const int Unavailable = 7;
    public const int JobFailed = 8;
    public const int JobCancelled = 9;
    /// <summary>No ingest node has room for the camera (RESOURCE_EXHAUSTED): `--force` adds it anyway.</summary>
    public const int NoCapacity = 10;
    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}

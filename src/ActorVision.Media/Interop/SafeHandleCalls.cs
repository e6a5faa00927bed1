using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

internal static class SafeHandleCalls
{
    /// <summary>Calls <paramref name="call"/> unless the handle is already disposed (then there is nothing to act on).
    /// For calls from other threads, such as interrupts, that may race with Dispose.</summary>
    public static void CallIfOpen<T>(this T handle, Action<T> call) where T : SafeHandle
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            call(handle);
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }
}

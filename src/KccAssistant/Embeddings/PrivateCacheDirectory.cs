using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Embeddings;

/// <summary>
/// The per-user folder where the embedding model is extracted and quantized. Under the shared temp folder another
/// user could create the folder first and plant a model that the next process loads; here the folder belongs to
/// the user, is created with mode 0700, and is refused when someone else owns it or others may write to it.
/// </summary>
internal static class PrivateCacheDirectory
{
    private const string AppFolder = "kcc-assistant";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// <c>$XDG_CACHE_HOME/kcc-assistant</c> or <c>~/.cache/kcc-assistant</c>; on Windows
    /// <c>%LOCALAPPDATA%\kcc-assistant</c>. Without a home directory (some service accounts), a folder named after
    /// the user id in the temp folder, which gets the same ownership checks.
    /// </summary>
    public static string Root
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), AppFolder);
            }

            if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, AppFolder);
            }

            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
            return !string.IsNullOrEmpty(home) && home != "/"
                ? Path.Combine(home, ".cache", AppFolder)
                : Path.Combine(Path.GetTempPath(), $"{AppFolder}-{NativeMethods.geteuid()}");
        }
    }

    /// <summary>
    /// Creates <paramref name="folder"/> (and, below <see cref="Root"/>, each folder on the way) with mode 0700, and
    /// checks the existing ones: a folder owned by another user, or a symbolic link, is refused; one that the group
    /// or others may write to is tightened to 0700 with a warning.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The folder is not safe to load a model from.</exception>
    public static void Ensure(string folder, ILogger logger)
    {
        folder = Path.GetFullPath(folder);
        if (OperatingSystem.IsWindows())
        {
            // LocalApplicationData is per user with an ACL to match; a configured folder is the operator's choice.
            Directory.CreateDirectory(folder);
            return;
        }

        // The folders this app creates below the per-user root are checked one by one, so that no level on the
        // way can be swapped by someone else; for a configured folder only the folder itself is ours to judge.
        var root = Path.GetFullPath(Root);
        var levels = new List<string>();
        if (IsBelowOrEqual(folder, root))
        {
            for (var dir = folder; dir.Length >= root.Length; dir = Path.GetDirectoryName(dir)!)
            {
                levels.Add(dir);
            }

            levels.Reverse();
            var parent = Path.GetDirectoryName(root);
            if (parent is not null)
            {
                Directory.CreateDirectory(parent);
            }
        }
        else
        {
            var parent = Path.GetDirectoryName(folder);
            if (parent is not null)
            {
                Directory.CreateDirectory(parent);
            }

            levels.Add(folder);
        }

        foreach (var level in levels)
        {
            CreateOrCheck(level, logger);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CreateOrCheck(string folder, ILogger logger)
    {
        if (!Directory.Exists(folder) && !File.Exists(folder))
        {
            try
            {
                Directory.CreateDirectory(folder, OwnerOnly);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Created by another process at the same moment: checked below like any existing folder.
            }
        }

        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null || !info.Exists)
        {
            throw new UnauthorizedAccessException($"De modelcache '{folder}' is geen gewone map (maar een koppeling of bestand); verwijder die, of stel Kcc:Embedding:CacheDir in.");
        }

        if (OperatingSystem.IsLinux() && NativeMethods.OwnerOf(folder) is { } owner && owner != NativeMethods.geteuid())
        {
            throw new UnauthorizedAccessException($"De modelcache '{folder}' is van een andere gebruiker (uid {owner}); een model daaruit wordt niet geladen. Verwijder de map of stel Kcc:Embedding:CacheDir in.");
        }

        var mode = File.GetUnixFileMode(folder);
        if ((mode & GroupOrOtherWrite) != 0)
        {
            try
            {
                // chmod succeeds only for the owner, so on systems without the owner check above it doubles as one.
                File.SetUnixFileMode(folder, OwnerOnly);
            }
            catch (UnauthorizedAccessException exception)
            {
                throw new UnauthorizedAccessException($"De modelcache '{folder}' is door anderen beschrijfbaar en niet van deze gebruiker; verwijder de map of stel Kcc:Embedding:CacheDir in.", exception);
            }

            EmbeddingLog.CacheFolderTightened(logger, folder, mode.ToString());
        }
    }

    private static bool IsBelowOrEqual(string path, string root) =>
        path.Equals(root, StringComparison.Ordinal) || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static class NativeMethods
    {
        private const int AtFdCwd = -100;
        private const int AtSymlinkNoFollow = 0x100;
        private const uint StatxUid = 0x8;

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054, CA5392 // No marshalling needed; LibraryImport would need unsafe code in this project.
        public static extern uint geteuid();

        [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int statx(int dirfd, string pathname, int flags, uint mask, byte[] statxbuf);
#pragma warning restore SYSLIB1054, CA5392

        /// <summary>
        /// The owner's uid from statx, whose layout is the same on every Linux architecture (stx_uid at byte 20);
        /// null when the call is not available.
        /// </summary>
        public static uint? OwnerOf(string path)
        {
            var buffer = new byte[256];
            try
            {
                return statx(AtFdCwd, path, AtSymlinkNoFollow, StatxUid, buffer) == 0 ? BitConverter.ToUInt32(buffer, 20) : null;
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
        }
    }
}

using KccAssistant.Configuration;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Publish;

/// <summary>Where the content root (appsettings.json, relative paths) is found, in published and source layouts.</summary>
public sealed class KccPathsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder(params string[] parts)
    {
        var path = Path.Combine([_temp.Path, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static void Settings(string folder) => File.WriteAllText(Path.Combine(folder, KccPaths.SettingsFileName), "{}");

    [Fact]
    public void FindRoot_PublishedLayout_ReturnsAppFolder()
    {
        var app = Folder("app");
        Settings(app);
        var checkout = Folder("checkout");
        Settings(checkout);

        Assert.Equal(app, KccPaths.FindRoot(null, app + Path.DirectorySeparatorChar, checkout));
    }

    [Fact]
    public void FindRoot_SourceLayout_ReturnsStampedRepositoryRoot()
    {
        var checkout = Folder("checkout");
        Settings(checkout);
        var bin = Folder("checkout", "src", "KccAssistant.Web", "bin", "Debug", "net10.0");

        Assert.Equal(checkout, KccPaths.FindRoot(null, bin, checkout + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void FindRoot_SolutionAboveButNoStamp_ReturnsAppFolderNotSolutionFolder()
    {
        // The old search went up to the nearest KccAssistant.sln: a copied build could read another checkout's settings.
        var checkout = Folder("checkout");
        Settings(checkout);
        File.WriteAllText(Path.Combine(checkout, "KccAssistant.sln"), "");
        var bin = Folder("checkout", "bin");

        Assert.Equal(bin, KccPaths.FindRoot(null, bin, null));
    }

    [Fact]
    public void FindRoot_StampOfCheckoutThatIsGone_ReturnsAppFolder()
    {
        var app = Folder("copied-build");

        Assert.Equal(app, KccPaths.FindRoot(null, app, Path.Combine(_temp.Path, "no-such-checkout")));
    }

    [Fact]
    public void FindRoot_KccRootSet_WinsOverPublishedAndStamped()
    {
        var app = Folder("app");
        Settings(app);
        var checkout = Folder("checkout");
        Settings(checkout);
        var configured = Folder("elsewhere");

        Assert.Equal(configured, KccPaths.FindRoot(configured, app, checkout));
    }

    [Fact]
    public void Resolve_RelativeAndAbsolute_RelativeTakenFromRoot()
    {
        var root = Folder("app");
        var absolute = Path.Combine(_temp.Path, "data");

        Assert.Equal(Path.Combine(root, "ingest", "samples", "website"), KccPaths.Resolve(root, "ingest/samples/website"));
        Assert.Equal(absolute, KccPaths.Resolve(root, absolute));
    }

    [Fact]
    public void ContentRoot_RunFromSource_IsTheStampedRepositoryRoot()
    {
        // The tests run from their build output, which has no appsettings.json: the build's stamp must lead to the
        // checkout, where the samples and labelled sets are, and never to the test's bin folder.
        Assert.NotNull(KccPaths.StampedRepositoryRoot);
        Assert.False(KccPaths.IsPublishedLayout);
        Assert.Null(KccPaths.PublishedContentRoot);
        Assert.True(File.Exists(Path.Combine(KccPaths.ContentRoot, "KccAssistant.sln")), KccPaths.ContentRoot);
        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(KccPaths.StampedRepositoryRoot!)), KccPaths.ContentRoot);
    }
}

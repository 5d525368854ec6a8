//! Writing the files planalign makes (a baseline, an HTML report): into a temporary file
//! beside the target, then renamed over it in one step, so that a reader never sees half a
//! file and a failed write leaves the old one whole. Only a regular file is ever replaced,
//! never a link, a device or a folder; an existing file keeps its permissions.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// What stops planalign from writing a file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("will not replace {0}: {1}; name a new file or a regular file to replace")]
    NotAFile(PathBuf, &'static str),
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// Writes `bytes` to `path`, replacing a regular file there (keeping its permissions) or
/// creating it (with the usual permissions for a new file).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let error = |e| Error::Io(path.to_owned(), e);
    let permissions = match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() => metadata.permissions(),
        Ok(metadata) => {
            let what = if metadata.is_symlink() {
                "it is a link"
            } else if metadata.is_dir() {
                "it is a folder"
            } else {
                "it is not a regular file (a FIFO, socket or device)"
            };
            return Err(Error::NotAFile(path.to_owned(), what));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Read and write for everyone, less the umask, as any new file gets.
            std::fs::Permissions::from_mode(0o666)
        }
        Err(e) => return Err(error(e)),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".planalign-")
        .permissions(permissions.clone())
        .tempfile_in(dir)
        .map_err(error)?;
    // The umask applied at creation; an existing file's permissions are kept as they were.
    if path.exists() {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(error)?;
    }
    temporary.write_all(bytes).map_err(error)?;
    temporary.as_file().sync_all().map_err(error)?;
    temporary.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}

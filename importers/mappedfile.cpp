// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/mappedfile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gbw::importers {

namespace {

bool readAll(int fd, std::string& out)
{
    char buffer[64 * 1024];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof(buffer));
        if (n == 0)
            return true;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

} // namespace

std::unique_ptr<MappedFile> MappedFile::open(const std::string& path, std::string& error)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return nullptr;
    }
    std::unique_ptr<MappedFile> file(new MappedFile);
    struct stat info
    {};
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
        const auto size = static_cast<std::size_t>(info.st_size);
        void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (mapping != MAP_FAILED) {
            ::madvise(mapping, size, MADV_SEQUENTIAL); // parsers read front to back, once
            file->m_mapping = mapping;
            file->m_mappedSize = size;
            file->m_text = std::string_view(static_cast<const char*>(mapping), size);
            ::close(fd);
            return file;
        }
    }
    if (!readAll(fd, file->m_copy)) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        ::close(fd);
        return nullptr;
    }
    ::close(fd);
    file->m_text = file->m_copy;
    return file;
}

MappedFile::~MappedFile()
{
    if (m_mapping)
        ::munmap(m_mapping, m_mappedSize);
}

} // namespace gbw::importers

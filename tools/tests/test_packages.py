"""The package list and its resolution: recorded apt answers of three releases, and real apt."""

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from fake_course import TOOLS

from course import main as cli
from course import packages
from course.metadata import CourseError

LIST = TOOLS / "packages-debian.txt"
DATA = Path(__file__).resolve().parent / "data"


def recorded(release: str) -> dict[str, packages.Policy]:
    """What apt-cache policy said in a fresh root of a release (see the files' first lines)."""
    return packages.parse_policy((DATA / f"apt-policy-{release}.txt").read_text())


def chosen(release: str) -> dict[str, str]:
    """need (as written in the list) -> the package chosen on that release."""
    resolution = packages.resolve(packages.read_needs(LIST), recorded(release))
    return {str(c.need): c.package for c in resolution.choices}


class ListTest(unittest.TestCase):
    def test_the_list_names_what_the_build_needs_and_why(self):
        needs = packages.read_needs(LIST)
        names = packages.read_list(LIST)
        for needed in ("cmake", "ninja-build", "g++", "node-llhttp", "libllhttp-dev",
                       "libgtest-dev", "libboost-json1.81-dev", "libboost-json-dev",
                       "libsqlite3-dev", "doxygen", "python3", "clang", "libclang-rt-dev"):
            self.assertIn(needed, names)
        self.assertNotIn("inotify-tools", names)
        self.assertEqual(len(names), len(set(names)))
        for need in needs:
            self.assertTrue(need.why, f"{need} has no comment saying why it is there")

    def test_alternatives_and_minimum_versions_are_read(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "list.txt"
            path.write_text("# the header\n\n# Why A.\n# More on A.\na-dev | b-dev (>= 1.81)\n"
                            "cc  # a trailing comment\n")
            a, c = packages.read_needs(path)
            self.assertEqual(a.alternatives, (packages.Alternative("a-dev"),
                                              packages.Alternative("b-dev", "1.81")))
            self.assertEqual(str(a), "a-dev | b-dev (>= 1.81)")
            self.assertEqual(a.why, "Why A. More on A.")
            self.assertEqual((str(c), c.why), ("cc", ""))
            path.write_text("a-dev (> 1.81)\n")
            with self.assertRaisesRegex(CourseError, r"list.txt:1: cannot read 'a-dev \(> 1.81\)'"):
                packages.read_needs(path)


class VersionTest(unittest.TestCase):
    PAIRS = [("1.83.0.2+b2", "1.81"), ("1.83.0.1ubuntu2", "1.81"), ("1.74.0.3", "1.81"),
             ("1.81.0-5+deb12u1", "1.81"), ("3.25.1-1", "3.25"), ("3.22.1-1ubuntu1", "3.25"),
             ("3.11.2-1+b1", "3.11"), ("3.10.6-1~22.04", "3.11"), ("1.0~rc1", "1.0"),
             ("1:0.1", "2.0"), ("1.0-1", "1.0"), ("1.0a", "1.0+"), ("1.0", "1.0.0"),
             ("9.2.1~7.3.0+dfsg1", "9.2.1"), ("2.0", "10.0"), ("1.0-1~bpo1", "1.0-1")]

    def test_versions_sort_as_dpkg_sorts_them(self):
        expected = {("1.83.0.2+b2", "1.81"): 1, ("1.74.0.3", "1.81"): -1,
                    ("3.10.6-1~22.04", "3.11"): -1, ("1.0~rc1", "1.0"): -1, ("1:0.1", "2.0"): 1,
                    ("2.0", "10.0"): -1, ("1.0-1~bpo1", "1.0-1"): -1, ("1.81", "1.81"): 0}
        for (a, b), order in expected.items():
            self.assertEqual(packages.compare_versions(a, b), order, f"{a} vs {b}")
            self.assertEqual(packages.compare_versions(b, a), -order, f"{b} vs {a}")

    @unittest.skipUnless(shutil.which("dpkg"), "needs dpkg")
    def test_the_order_is_dpkgs_own(self):
        for a, b in self.PAIRS:
            for x, y in ((a, b), (b, a), (a, a)):
                less = subprocess.run(["dpkg", "--compare-versions", x, "lt", y]).returncode == 0
                equal = subprocess.run(["dpkg", "--compare-versions", x, "eq", y]).returncode == 0
                self.assertEqual(packages.compare_versions(x, y),
                                 -1 if less else 0 if equal else 1, f"{x} vs {y}")


class PolicyTest(unittest.TestCase):
    def test_apt_cache_policy_is_read_package_by_package(self):
        text = ("libboost1.81-dev:\n  Installed: 1.81.0-5+deb12u1\n  Candidate: 1.81.0-5+deb12u1\n"
                "  Version table:\n *** 1.81.0-5+deb12u1 500\n        500 http://deb.debian.org"
                "/debian bookworm/main amd64 Packages\n        100 /var/lib/dpkg/status\n"
                "libboost-dev:amd64:\n  Installed: (none)\n  Candidate: 1.74.0.3\n"
                "libboost1.81-dev-gone:\n  Installed: (none)\n  Candidate: (none)\n"
                "  Version table:\n")
        self.assertEqual(packages.parse_policy(text), {
            "libboost1.81-dev": packages.Policy("1.81.0-5+deb12u1", "1.81.0-5+deb12u1"),
            "libboost-dev": packages.Policy(None, "1.74.0.3"),
            "libboost1.81-dev-gone": packages.Policy(None, None),
        })

    def test_every_recording_knows_every_need(self):
        for release in ("debian12", "debian13", "ubuntu2404"):
            policies = recorded(release)
            self.assertGreater(len(policies), 15, release)
            self.assertTrue(all(p.installed is None for p in policies.values()), release)


class ResolveTest(unittest.TestCase):
    BOOST = "libboost1.81-dev | libboost-dev (>= 1.81)"
    JSON = "libboost-json1.81-dev | libboost-json-dev (>= 1.81)"
    LLHTTP = "libllhttp-dev | node-llhttp"

    def test_debian_12_takes_boost_181_and_llhttps_sources(self):
        got = chosen("debian12")
        self.assertEqual((got[self.BOOST], got[self.JSON], got[self.LLHTTP]),
                         ("libboost1.81-dev", "libboost-json1.81-dev", "node-llhttp"))
        self.assertEqual((got["clang"], got["libclang-rt-dev"]), ("clang", "libclang-rt-dev"))

    def test_debian_13_takes_the_default_boost_and_the_llhttp_library(self):
        got = chosen("debian13")
        self.assertEqual((got[self.BOOST], got[self.JSON], got[self.LLHTTP]),
                         ("libboost-dev", "libboost-json-dev", "libllhttp-dev"))

    def test_ubuntu_2404_takes_the_default_boost_and_llhttps_sources(self):
        got = chosen("ubuntu2404")
        self.assertEqual((got[self.BOOST], got[self.JSON], got[self.LLHTTP]),
                         ("libboost-dev", "libboost-json-dev", "node-llhttp"))

    def test_every_need_is_met_on_the_three_releases(self):
        for release in ("debian12", "debian13", "ubuntu2404"):
            resolution = packages.resolve(packages.read_needs(LIST), recorded(release))
            self.assertEqual(resolution.unmet, [], release)
            self.assertEqual(resolution.missing, resolution.packages, release)

    def test_the_clang_and_its_runtime_are_one_llvm_version(self):
        for release in ("debian12", "debian13", "ubuntu2404"):
            policies = recorded(release)
            self.assertEqual(policies["clang"].candidate, policies["libclang-rt-dev"].candidate,
                             release)

    def test_an_alternative_in_order_wins_over_an_installed_later_one(self):
        # Debian 13 with node-llhttp installed (it has no C sources there):
        # libllhttp-dev comes first in the list, so it is still installed.
        policies = dict(recorded("debian13"))
        policies["node-llhttp"] = packages.Policy("9.2.1", "9.2.1")
        need = packages.read_needs(LIST)[[str(n) for n in packages.read_needs(LIST)]
                                         .index(self.LLHTTP)]
        choice = packages.choose(need, policies)
        self.assertEqual((choice.package, choice.installed), ("libllhttp-dev", False))

    def test_an_installed_package_new_enough_is_kept(self):
        need = packages.Need((packages.Alternative("cmake", "3.25"),))
        kept = packages.choose(need, {"cmake": packages.Policy("3.31.6-2", "3.31.6-2")})
        self.assertEqual((kept.package, kept.installed, kept.version), ("cmake", True, "3.31.6-2"))
        upgraded = packages.choose(need, {"cmake": packages.Policy("3.22.1-1", "3.25.1-1")})
        self.assertEqual((upgraded.package, upgraded.installed), ("cmake", False))

    def test_a_release_too_old_says_what_apt_offers_instead(self):
        # Ubuntu 22.04: Boost 1.74 and no 1.81; its CMake and Python too old as well.
        policies = {"libboost-dev": packages.Policy(None, "1.74.0.3ubuntu7"),
                    "cmake": packages.Policy(None, "3.22.1-1ubuntu1.22.04.2")}
        needs = [packages.Need((packages.Alternative("libboost1.81-dev"),
                                packages.Alternative("libboost-dev", "1.81"))),
                 packages.Need((packages.Alternative("cmake", "3.25"),))]
        resolution = packages.resolve(needs, policies)
        self.assertEqual(resolution.packages, [])
        self.assertEqual(resolution.unmet, [
            "libboost1.81-dev | libboost-dev (>= 1.81): apt has no libboost1.81-dev; "
            "libboost-dev is 1.74.0.3ubuntu7",
            "cmake (>= 3.25): cmake is 3.22.1-1ubuntu1.22.04.2"])

    def test_install_commands_use_sudo_only_when_not_root(self):
        update, install = packages.install_command(["cmake", "git"], root=False)
        self.assertEqual(update, ["sudo", "apt-get", "update"])
        self.assertEqual(install, ["sudo", "apt-get", "install", "-y", "--no-install-recommends",
                                   "cmake", "git"])
        self.assertEqual(packages.install_command(["git"], root=True)[1][0], "apt-get")


@unittest.skipUnless(packages.is_debian(), "needs apt")
class RealAptTest(unittest.TestCase):
    def test_apt_knows_a_package_of_every_need_here(self):
        # On the machine that runs the tests (CI: Debian 12, with the course's packages in).
        resolution = packages.resolve_here(TOOLS.parent)
        self.assertEqual(resolution.unmet, [])
        self.assertEqual(resolution.missing, [])
        self.assertIn("apt", packages.apt_policy(["apt", "minifw-no-such-package"]))
        self.assertNotIn("minifw-no-such-package",
                         packages.apt_policy(["apt", "minifw-no-such-package"]))


class EnsureTest(unittest.TestCase):
    """ensure(), with apt's answers and commands replaced."""

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.root = Path(self._dir.name)
        (self.root / "tools").mkdir()
        (self.root / "tools" / "packages-debian.txt").write_text(
            "# Why.\ncmake (>= 3.25)\n# Why.\nlibllhttp-dev | node-llhttp\n")
        self.commands = []
        self.apt = {"cmake": packages.Policy("3.25.1-1", "3.25.1-1"),
                    "node-llhttp": packages.Policy(None, "8.1.0")}
        for name, fake in (("apt_policy", self.fake_policy), ("_run", self.fake_run)):
            patcher = mock.patch(f"course.packages.{name}", side_effect=fake)
            patcher.start()
            self.addCleanup(patcher.stop)
        self.addCleanup(self._dir.cleanup)

    def fake_policy(self, names):
        self.commands.append(["apt-cache", "policy", *names])
        return {name: policy for name, policy in self.apt.items() if name in names}

    def fake_run(self, command, env, quiet):
        self.assertEqual((env.get("DEBIAN_FRONTEND"), quiet), ("noninteractive", True))
        self.commands.append(command)
        if command[:2] == ["apt-get", "install"]:
            for name in command[4:]:
                if name in self.apt:
                    self.apt[name] = packages.Policy(self.apt[name].candidate,
                                                     self.apt[name].candidate)

    def ensure(self, uid: int):
        out = io.StringIO()
        with mock.patch("os.geteuid", return_value=uid), contextlib.redirect_stdout(out):
            done = packages.ensure(self.root, quiet=True)
        return done, out.getvalue()

    def test_as_root_it_updates_then_installs_what_is_missing(self):
        done, out = self.ensure(0)
        self.assertTrue(done)
        self.assertIn("Installing: node-llhttp", out)
        apt = [c for c in self.commands if c[0] == "apt-get"]
        self.assertEqual(apt, [["apt-get", "update"],
                               ["apt-get", "install", "-y", "--no-install-recommends",
                                "node-llhttp"]])

    def test_with_everything_in_it_asks_apt_nothing_more(self):
        self.apt["node-llhttp"] = packages.Policy("8.1.0", "8.1.0")
        self.assertEqual(self.ensure(0), (True, ""))
        self.assertEqual([c[0] for c in self.commands], ["apt-cache"])

    def test_without_root_it_prints_the_commands(self):
        done, out = self.ensure(1000)
        self.assertFalse(done)
        self.assertIn("sudo apt-get update && sudo apt-get install -y --no-install-recommends "
                      "node-llhttp", out)
        self.assertNotIn("apt-get", [c[0] for c in self.commands])

    def test_a_need_apt_cannot_meet_stops_with_what_it_offers(self):
        self.apt["cmake"] = packages.Policy(None, "3.22.1")
        with self.assertRaisesRegex(CourseError, r"cmake \(>= 3.25\): cmake is 3.22.1"):
            self.ensure(0)
        self.assertNotIn("install", [c[1] for c in self.commands if c[0] == "apt-get"])
        done, out = self.ensure(1000)
        self.assertFalse(done)
        self.assertIn("cmake (>= 3.25): cmake is 3.22.1", out)
        self.assertIn("sudo apt-get update", out)


class PackagesCommandTest(unittest.TestCase):
    def course(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(list(argv))
        return status, out.getvalue(), err.getvalue()

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.addCleanup(self._dir.cleanup)
        root = Path(self._dir.name)
        (root / "tools").mkdir()
        (root / "tools" / "packages-debian.txt").write_text((LIST).read_text())
        patcher = mock.patch.dict(os.environ, {"MINIFW_COURSE_ROOT": str(root), "NO_COLOR": "1"})
        patcher.start()
        self.addCleanup(patcher.stop)
        for name, value in (("is_debian", True), ("apt_policy", recorded("debian13"))):
            patcher = mock.patch(f"course.packages.{name}", return_value=value)
            patcher.start()
            self.addCleanup(patcher.stop)

    def test_print_gives_the_names_for_this_release(self):
        status, out, _ = self.course("packages", "--print")
        self.assertEqual(status, 0)
        names = out.split()
        self.assertIn("libllhttp-dev", names)
        self.assertIn("libboost-json-dev", names)
        self.assertNotIn("node-llhttp", names)

    def test_the_table_says_what_is_to_install_and_why(self):
        status, out, _ = self.course("packages")
        self.assertEqual(status, 1)
        self.assertRegex(out, r"-- libllhttp-dev 9\.2\.1\S* +to install +llhttp, the HTTP/1\.1 "
                              r"parser Node\.js uses\.")
        self.assertIn("./course setup installs what is missing", out)

    def test_an_unmet_need_fails_print(self):
        with mock.patch("course.packages.apt_policy", return_value={}):
            status, out, err = self.course("packages", "--print")
        self.assertEqual(status, 1)
        self.assertIn("no package: cmake (>= 3.25): apt has no cmake", err)


if __name__ == "__main__":
    unittest.main()

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/marketplace", label: "Marketplace" },
  { href: "/provider", label: "Provider" },
  { href: "/bookings", label: "My bookings" },
  { href: "/auditor", label: "Auditor" },
  { href: "/live", label: "Live" },
];

/** The main navigation; the current section is marked with `aria-current="page"`. */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap items-center gap-1 text-sm">
      {links.map(({ href, label }) => {
        const current =
          pathname === href ||
          pathname.startsWith(`${href}/`) ||
          (href === "/marketplace" && pathname.startsWith("/resources"));
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={current ? "page" : undefined}
              className={`rounded-md px-2.5 py-1.5 transition-colors ${
                current
                  ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white"
                  : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
              }`}
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

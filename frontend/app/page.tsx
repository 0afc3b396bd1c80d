import { redirect } from "next/navigation";

/** The marketplace is the home page. */
export default function Home() {
  redirect("/marketplace");
}

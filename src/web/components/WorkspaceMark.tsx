// The workspace's mark: its icon (an emoji or two letters, chosen in the admin console), else Flack's logo.
export function WorkspaceMark({ icon, size }: { icon: string | undefined; size: number }) {
  if (!icon) return <img src="/favicon.svg" alt="" width={size} height={size} />;
  return (
    <span class="workspace-icon" aria-hidden="true" style={{ width: `${size}px`, height: `${size}px`, fontSize: `${Math.round(size * 0.58)}px` }}>
      {icon}
    </span>
  );
}

# 档案：错误、核验（verify）发现的问题、BagIt 文件包和台账的检查。

## 档案的错误

archive-io = { $path }：{ $action }失败：{ $error }
    　处理办法：{ $help }
archive-damaged = { $path }：{ $message }
    　处理办法：{ $help }
archive-unrecorded = { $package }：文件包已封存、已就位，但它的台账行无法写入：{ $cause }
    　处理办法：存档到此为止，没有存档其他文件包；让台账恢复可追加（腾出空间、以读写方式挂载、`chattr -i { $ledger }`、检查权限），然后运行 `sw-briefing record` 为这个文件包补记台账（下一次运行也会补记）；在此之前 `verify` 会把它列为未记录
archive-help-not-a-file = 档案存放这个文件的位置上是别的东西（管道、设备），不是文件：把它移走，从备份副本恢复这个文件，再运行 `sw-briefing verify`；已存档的内容没有改动
archive-help-read-only = 档案目录所在的文件系统是只读的：以读写方式重新挂载，或把配置中的 `archive_dir` 指向可写的目录；已存档的内容没有改动
archive-help-permission = 当前用户无权在那里写入：以档案所有者的身份运行，或修改目录权限；已存档的内容没有改动
archive-help-full = 档案所在的磁盘已满：腾出空间后再运行；已存档的内容没有改动，下一次运行会完成或清除这次没做完的部分
archive-help-name-too-long = 文件或目录名对这个文件系统来说太长（大多数最多 255 字节）：缩短地区名称（数据文件中的 region.name）或配置中的 `series`；已存档的内容没有改动
archive-help-not-a-folder = 路径中有一段是文件而不是目录：检查配置中的 `archive_dir`，并把那个文件移走；已存档的内容没有改动
archive-help-not-found = 文件或其路径上的目录不存在（运行中被移动或删除了？）：检查上面给出的路径和配置中的 `archive_dir`；已存档的内容没有改动
archive-help-other = 检查档案目录是否存在、当前用户能否写入、磁盘是否有空间；已存档的内容没有改动

## 档案操作（用在“…失败”中）

archive-action-making-read-only = 设为只读
archive-action-reading-the-folder = 读取目录
archive-action-creating-the-folder = 创建目录
archive-action-reading-the-staging-folder = 读取暂存目录
archive-action-moving-into-place = 移入正式位置
archive-action-writing = 写入
archive-action-syncing = 同步到磁盘
archive-action-setting-permissions = 设置权限
archive-action-moving-the-package-into-place = 把文件包移入正式位置
archive-action-reading-the-archive-folder = 读取档案目录
archive-action-reading-the-region-folder = 读取地区目录
archive-action-reading-the-year-folder = 读取年份目录
archive-action-reading-the-size = 读取文件大小
archive-action-opening = 打开
archive-action-creating = 创建
archive-action-appending = 追加
archive-action-reading-a-metrics-file-for-the-package = 读取要放入文件包的数据文件
archive-action-syncing-the-folder = 把目录同步到磁盘
archive-action-removing-an-unfinished-package = 删除未完成的文件包
archive-action-creating-a-temporary-file = 创建临时文件
archive-action-creating-a-folder-in-the-package = 在文件包中创建目录
archive-action-creating-the-archive-folder = 创建档案目录
archive-action-reading = 读取
archive-action-creating-a-staging-folder = 创建暂存目录
archive-action-appending-to-the-ledger = 追加台账
archive-action-reading-the-package-record = 读取文件包的著录信息
archive-action-reading-the-ledger = 读取台账
archive-action-reading-the-file-type = 读取文件类型
archive-action-opening-the-lock-file = 打开锁文件
archive-action-opening-the-delivery-lock = 打开发送锁文件
archive-action-locking-the-archive = 锁定档案
archive-action-locking-the-archive-for-the-service = 为服务锁定档案
archive-action-locking-the-archive-for-delivery = 为发送锁定档案
archive-action-removing-a-temporary-file = 删除临时文件

## 核验（verify）发现的问题

archive-restore-hint = 从备份副本恢复这个文件包；不要手工修改或删除已封存的文件包
archive-no-folder = 档案目录不存在
archive-no-folder-hint = 检查配置中的 `archive_dir`（或 --config）
verify-stray = 不是 sw-briefing 存档的文件包（应是年份目录下名为 <系列>-<年>年第<NN>期-<期间>[-r<K>] 的目录）
verify-stray-hint = 把它移出档案目录，或从备份副本恢复原来的内容
verify-record-head-lost = 存档时台账头是 sha256:{ $head }，但 { $ledger } 中没有哪一行的摘要是它：台账末尾丢了行（或被替换）
verify-record-head-lost-hint = 从备份副本恢复台账；不要修改或截断它
verify-ledger-line = 第 { $line } 行{ $message }
verify-dated-after = 生成于 { $created }，晚于现在的时钟（{ $now }）：存档时时钟偏快（它的期号属于 { $year } 年），或现在时钟偏慢
verify-dated-after-hint = 检查系统时钟和 SOURCE_DATE_EPOCH；如果文件包是在时钟有误时存档的，请告知档案管理员；不要手工修改或删除已封存的文件包
verify-ledger-cut-hint = 从备份副本恢复台账；台账只能追加，绝不能截断或替换
verify-head-file-missing = 不存在：档案是旧版 sw-briefing 生成的，或这个文件被删除了；没有它，末尾被截短的台账只能用 `verify --head` 发现
verify-head-file-missing-hint = 下一次运行或 `verify` 会写入它
verify-head-file-bad = 不是台账头（“{ $text }”）
verify-head-file-lost = 记录台账结束于 sha256:{ $head }，但 { $ledger } 中没有哪一行的摘要是它：台账末尾丢了行（或被删除、替换）
verify-head-file-behind = 指向 { $ledger } 的第 { $line } 行，而不是最后一行第 { $last } 行：有一次运行在改写它之前被中止
verify-head-file-behind-hint = 下一次追加台账的运行（或 `verify`）会改写它
verify-head-not-found = 不包含 --head 给出的台账头 sha256:{ $head }：到它为止的行被删除或改动，或台账被替换
verify-issue-unnamed = 第 { $line } 行记录了一次印发，但没有写明文件包
verify-issue-twice = 第 { $line } 行再次记录了 { $package }（第一次在第 { $first } 行）
verify-package-missing = 第 { $line } 行记录的文件包 { $package } 在档案中不存在
verify-tag-manifest-changed = SHA-256 是 { $actual }，但台账第 { $line } 行记录的是 { $expected }：文件包在存档后被重新封存过
verify-pdf-changed = SHA-256 是 { $actual }，但台账第 { $line } 行记录的是 { $expected }：这不是印发的那份 PDF
verify-unrecorded-one = 台账中还没有记录：存档它的那次运行在记录之前被中止
verify-unrecorded-one-hint = 下一次运行会记录它，也可以现在运行 `sw-briefing record`
verify-not-recorded-group = 有一次中断的运行留下的文件包等待记入台账，它们的台账行必须紧接台账最后一行；下一次运行（或 `sw-briefing record`）会记录它们
verify-unrecorded-many = 台账中没有记录，而且这些未记录的文件包不是某次运行中断前刚移入、尚未记账的一组（每个都指向前一个的台账行，从台账最后一行接起）：说明台账丢了行，或有文件包是手工放进来的
verify-unrecorded-many-hint = 如果是运行时无法追加台账（磁盘满、台账只读或不可改），排除原因后运行 `sw-briefing record`；否则从备份副本恢复台账，或把不是本档案印发的文件包移出去
verify-record-empty-fields = 必填字段为空：{ $fields }
verify-record-describes = 描述的是 { $described }，却存档为 { $filed }
verify-record-period = 期间“{ $period }”不是期间
verify-record-number = 文件编号是 { $number }，但目录名是 { $folder }
verify-record-file-name = 计算机文件名是 { $name }，应为 { $expected }
verify-record-mime = 格式信息是 { $mime }，应为 application/pdf
verify-record-pdf-unreadable = 指向的 { $name } 无法读取：{ $error }
verify-pdf-size = 有 { $size } 字节，但 { $file } 中的计算机文件大小是 { $recorded }
verify-pdf-sha = SHA-256 是 { $actual }，但 { $file } 记录的是 { $recorded }
verify-pdf-version = 不是格式信息所说的 PDF { $version }
verify-pdf-encrypted = 它是加密的
verify-pdf-unusable = 不能作为归档 PDF：{ $reason }
verify-input-not-copied = 输入“{ $source }”是本地区自己的文件，却不在文件包中
verify-input-outside = 输入“{ $path }”不在 data/inputs/ 之内
verify-input-changed = 有 { $size } 字节，SHA-256 为 { $sha }，但 { $file } 记录的是 { $recorded_size } 字节、{ $recorded_sha }
verify-input-unreadable = 列为输入，但无法读取：{ $error }
verify-inputs-digest = inputs_sha256 是 { $recorded }，但按其输入计算得 { $actual }
verify-input-unlisted = 不在 { $file } 的输入清单中
verify-number-missing = { $series } { $year }年：缺少期号 { $number }（期号排到 { $max }）：有文件包被删除
verify-number-periods = { $series } { $year }年：期号 { $number } 用于多个期间：{ $periods }
verify-number-twice = { $series } { $year }年：期号 { $number }{ $which } 在同一区划代码下、不同名称的地区目录中存档了 { $count } 次：{ $folders }
verify-number-twice-hint = 地区在数据中改了名，旧版 sw-briefing 又按新名称存档了这一期；先存档的那份是印发的：请告知档案管理员，由其决定如何登记重复的文件包；不要手工修改或删除已封存的文件包
verify-first-issue-missing = { $series } { $year }年：期号 { $number } 的首次印发缺失（r{ $last } 存在）：有文件包被删除
verify-revision-missing = { $series } { $year }年：期号 { $number } 的修订版 r{ $revision } 缺失（r{ $last } 存在）：有文件包被删除
verify-period-twice = { $series }：期间 { $period } 印发了不止一次：{ $issues }
verify-period-twice-hint = 每个期间只印发一次；更正是同一期号的修订版

## BagIt 文件包的检查

bagit-reseal-hint = 文件包已不是封存时的样子：从备份副本恢复它；不要修改已封存的文件包
bagit-manifest-line = 应为“<sha256> <路径>”
bagit-manifest-digest = 应为 64 位 SHA-256 和一个路径
bagit-manifest-twice = { $path } 列出了两次
bagit-txt-wrong = 内容应恰好是 { $expected }
bagit-unreadable = 无法读取：{ $error }
bagit-payload-unreadable = 数据目录无法读取：{ $error }
bagit-outside-data = 列出的“{ $path }”不是 data/ 之内的路径
bagit-file-altered = SHA-256 是 { $actual }，但 { $manifest } 记录的是 { $expected }：文件在封存后被改动过
bagit-listed-unreadable = 列在 { $manifest } 中，但无法读取：{ $error }
bagit-unlisted = 在数据目录中，但没有列在 { $manifest } 中：是封存后加进来的
bagit-oxum-wrong = Payload-Oxum 是 { $value }，但数据目录实际是 { $actual }（字节数.文件数）
bagit-oxum-missing = 没有 Payload-Oxum
bagit-tag-unlisted = 没有列出 { $name }
bagit-tag-altered = SHA-256 是 { $actual }，但 { $manifest } 记录的是 { $expected }：标签文件在封存后被改动过

## 台账

ledger-unreadable = 无法读取：{ $error }
ledger-not-an-event = 不是台账记录（{ $error }）：这一行被改动或损坏
ledger-first-prev = 的 prev 是 { $prev }，但第一行的 prev 必须是初始值 { $genesis }：这一行被改动过，或它之前的行被删除
ledger-prev = 的 prev 是 { $prev }，但第 { $before } 行的 SHA-256 是 { $digest }：第 { $before } 行被改动过，或这一行之前有行被删除或插入
ledger-seq = 的编号（seq）是 { $seq }，应为 { $expected }：有行被删除或插入
ledger-cut-short = 不完整（{ $bytes } 字节之后没有换行）：写入被中断，或文件被编辑过
ledger-not-utf8 = 不是 UTF-8 文本（第 { $byte } 字节）
ledger-damaged-hint = 台账已损坏：运行 `sw-briefing verify`，并从备份副本恢复它

## 存档和补记

seal-input-changed = 在生成简报期间被改动了；文件包将不含生成简报所用的数据
seal-input-changed-hint = 等没有人在编辑数据时再运行；这个地区没有存档任何内容
seal-not-a-record = 不是文件包的著录信息：{ $error }
seal-not-a-record-hint = 文件包在封存后被改动过：运行 `sw-briefing verify`，并从备份副本恢复它
seal-in-the-way = 挡住了存档：已有同名的文件包，但没有被识别为已存档
seal-in-the-way-hint = 运行 `sw-briefing verify` 查看它有什么问题；不要手工删除文件包
seal-check-failed = 文件包在存档前的检查中未通过：{ $problems }
seal-check-failed-hint = 这是程序缺陷或磁盘故障；没有存档任何内容
seal-head-lost = { $head_file } 记录的台账头 sha256:{ $head } 在 { $ledger } 中没有对应的行：台账行被删除了
seal-head-bad = { $head_file } 不是台账头（{ $text }）
seal-record-refused-all = 有 { $count } 个文件包没有台账行，一个也没有补记：{ $reason }
seal-record-refused-all-hint = 从备份副本恢复台账（运行 `sw-briefing verify` 查看缺了什么）；现在补记会掩盖丢失的行
seal-package-fails-check = 文件包未通过检查（{ $first }）
seal-filed-after-lost-head = 它存档时的台账头 sha256:{ $head } 在台账中没有对应的行：台账行被删除了
archive-input-added = { $source } 是新增的
archive-input-changed = { $source } 有改动
archive-input-removed = { $source } 被删除

"""What a paper's Word template may name: the typed placeholders of every member paper.

One schema serves every kind, so an office learns it once: the heading and closing (as
the annual report's), the member (`member`), the event the paper documents (`event`),
and for the lists the members listed (`members`). Every value is text (dates written
dd/mm/yyyy), so a template can only place it; the sandbox of `reports.template_rules`
checks an uploaded template against `TYPES` and renders it. docs/papers.md lists the same
placeholders, and a test holds the two together.
"""

from __future__ import annotations

from dangvu.reports.template_rules import FLAG, NUMBER, TEXT, Placeholder, Type

MEMBER_FIELDS: tuple[tuple[str, str], ...] = (
    ("full_name", "Họ và tên"),
    ("birth_date", "Ngày sinh (dd/mm/yyyy)"),
    ("sex", "Giới tính (Nam/Nữ)"),
    ("ethnicity", "Dân tộc"),
    ("religion", "Tôn giáo"),
    ("birthplace", "Nơi sinh"),
    ("hometown", "Quê quán"),
    ("residence", "Nơi cư trú"),
    (
        "identity_number",
        "Số CCCD: che bớt chữ số (052*******34) trừ khi người lập giấy được xem đầy đủ",
    ),
    ("phone", "Số điện thoại, che bớt như số CCCD"),
    ("education", "Giáo dục phổ thông"),
    ("expertise", "Chuyên ngành đào tạo"),
    ("qualification", "Trình độ chuyên môn"),
    ("theory_level", "Lý luận chính trị"),
    ("job", "Công việc chính"),
    ("post", "Chức vụ"),
    ("organisation", "Chi bộ (tổ chức đảng) đang sinh hoạt"),
    ("status", "Loại đảng viên («đảng viên chính thức», «đảng viên dự bị»)"),
    ("admission_date", "Ngày vào Đảng (ngày quyết định kết nạp)"),
    ("ceremony_date", "Ngày lễ kết nạp"),
    ("full_member_date", "Ngày chính thức"),
    ("card_number", "Số thẻ đảng viên"),
    ("card_date", "Ngày cấp thẻ"),
    ("milestone", "Số năm tuổi Đảng của Huy hiệu (danh sách Huy hiệu Đảng)"),
)
EVENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", "Loại biến động («Chuyển sinh hoạt đi» …)"),
    ("date", "Ngày biến động"),
    ("decision_number", "Số quyết định ghi ở biến động"),
    ("decision_date", "Ngày quyết định ghi ở biến động"),
    ("from_organisation", "Tổ chức đảng nơi đi"),
    ("to_organisation", "Tổ chức đảng nơi đến (trong Đảng bộ, hoặc đảng bộ bên ngoài)"),
    ("until", "Ngày kết thúc sinh hoạt tạm thời"),
    ("reason", "Lý do, nội dung vi phạm (ghi chú của biến động)"),
    (
        "dues_paid_to",
        "Tháng đã đóng đảng phí đến hết (mm/yyyy): tháng muộn nhất có khoản thu trong sổ "
        "đảng phí, kể cả nộp trước; chưa có khoản nào thì «…………» để ghi tay",
    ),
    (
        "dues_owed",
        "Các tháng trong năm còn nợ đảng phí đến ngày chuyển («01/2026, 02/2026»; trống nếu "
        "không nợ)",
    ),
)

MEMBER = Type("record", "đảng viên", fields=tuple((name, TEXT) for name, _ in MEMBER_FIELDS))
EVENT = Type("record", "biến động", fields=tuple((name, TEXT) for name, _ in EVENT_FIELDS))
MEMBERS = Type("list", "danh sách đảng viên", item=MEMBER)

PLACEHOLDERS = [
    Placeholder("superior_line", "Tổ chức đảng cấp trên của nơi ban hành, chữ in hoa"),
    Placeholder("issuing_body", "Cơ quan ban hành, chữ in hoa (ĐẢNG ỦY SỞ Y TẾ)"),
    Placeholder("issuing_body_name", "Cơ quan ban hành, chữ thường (Đảng ủy Sở Y tế)"),
    Placeholder("number", "Số văn bản («05-QĐ/ĐU»; trống với phiếu đảng viên)"),
    Placeholder("numbered", "Giấy có số văn bản hay không (đúng/sai)", FLAG),
    Placeholder("place", "Địa danh (ghi ở «Thể thức báo cáo»; chưa ghi thì «…………»)"),
    Placeholder("date", "Ngày ký, dạng «ngày 30 tháng 01 năm 2026»"),
    Placeholder("date_short", "Ngày ký, dạng «30/01/2026»"),
    Placeholder("year", "Năm của ngày ký", NUMBER),
    Placeholder("title", "Tên loại giấy («QUYẾT ĐỊNH», «GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG»)"),
    Placeholder("summary", "Trích yếu («Về việc kết nạp đảng viên»)"),
    Placeholder("paper_name", "Tên giấy («Quyết định kết nạp đảng viên»)"),
    Placeholder("occasion", "Đợt trao Huy hiệu Đảng («19/5/2026»), với giấy Huy hiệu"),
    Placeholder(
        "member",
        "Đảng viên của giấy; mỗi trường: member.full_name, member.birth_date … (xem bảng)",
        MEMBER,
    ),
    Placeholder("event", "Biến động giấy ghi nhận; mỗi trường: event.date … (xem bảng)", EVENT),
    Placeholder(
        "members",
        "Các đảng viên của giấy (một người với giấy riêng, nhiều người với danh sách): "
        "{%tr for m in members %} … {{ m.full_name }} … {%tr endfor %}",
        MEMBERS,
    ),
    Placeholder("signing_body", "Thẩm quyền ký («T/M ĐẢNG ỦY», «T/M CHI BỘ»)"),
    Placeholder("signer_title", "Chức vụ người ký («BÍ THƯ»)"),
    Placeholder("signer_name", "Họ tên bí thư ngày ký (theo hồ sơ cán bộ)"),
    Placeholder(
        "recipients",
        "Nơi nhận, mỗi dòng đã có dấu «-» đầu và dấu phẩy, dấu chấm cuối",
        Type("list", "danh sách nơi nhận", item=TEXT),
    ),
]
TYPES = {p.name: p.type for p in PLACEHOLDERS}
NAMES = set(TYPES)
